package dev.parley.devstack;

import static dev.parley.testkit.client.Frames.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.Frames;
import dev.parley.testkit.client.HistoryWalk;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 3 (an ack means the message will appear in history) and the history writer's
 * resilience, through the real path: Cassandra stopped and started under a running sinks
 * service; the sinks crashing while Cassandra is down; the sinks stopped while messages are sent.
 * Every test leaves the shared stack running and healthy.
 */
class SinkOutageIT {
    /** Cassandra restarts in 4-8 s here; the driver then reconnects within its 5 s cap. Generous for a busy 2-core box. */
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        SharedStack.assumeOwnServers("stops and starts Cassandra");
        stack = SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void messagesAckedWhileCassandraIsDownAppearInHistoryOnceWithNoGap() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            Sending.sendMany(a, direct, "before", 3);
            HistoryWalk.awaitThrough(client, bob, direct, 0, 3, WAIT);

            List<JsonNode> acks;
            long restarted;
            stack.stopInfra("cassandra");
            try {
                // Delivery and acks do not depend on the store: they keep flowing.
                acks = Sending.sendMany(a, direct, "outage", 20);
                b.await("message", "clientMsgId", "outage-20", WAIT);
                // History is unavailable meanwhile, with the contract's code and no internals.
                HttpResult down = client.history(bob, direct, null, null, null);
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.errorCode()).isEqualTo("unavailable");
                assertThat(down.body()).doesNotContain("Exception");
            } finally {
                stack.startInfra("cassandra");
                restarted = System.nanoTime();
            }
            assertThat(Frames.seqs(acks)).isEqualTo(range(4, 23));

            List<JsonNode> history = HistoryWalk.awaitThrough(client, bob, direct, 0, 23, RECOVERY);
            System.out.printf("[measure] history complete %d ms after Cassandra was ready again%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            assertThat(Frames.seqs(history)).isEqualTo(range(1, 23));
            for (int i = 0; i < acks.size(); i++) {
                JsonNode m = history.get(3 + i);
                assertThat(m.path("messageId").asText()).isEqualTo(acks.get(i).path("messageId").asText());
                assertThat(m.path("clientMsgId").asText()).isEqualTo("outage-" + (i + 1));
            }
            JsonNode entry = awaitEntry(bob, direct, 23);
            assertThat(entry.path("lastMessage").path("clientMsgId").asText()).isEqualTo("outage-20");

            // The writer is live again, not just caught up.
            Sending.sendUntilAcked(a, "after", direct, "after the outage");
            assertThat(Frames.seqs(HistoryWalk.awaitThrough(client, bob, direct, 23, 24, WAIT))).containsExactly(24L);
        }
    }

    @Test
    void messagesAckedBeforeTheSinksCrashAreInHistoryAfterTheyRestart() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice)) {
            Sending.sendUntilAcked(a, "first", direct, "first");
            HistoryWalk.awaitThrough(client, bob, direct, 0, 1, WAIT);

            List<JsonNode> acks;
            stack.stopInfra("cassandra");
            try {
                // Acked while the history writer cannot write: its offsets stay uncommitted...
                acks = Sending.sendMany(a, direct, "crash", 10);
                // ...and the process dies without any chance to finish (SIGKILL).
                stack.killService("sinks");
            } finally {
                stack.startInfra("cassandra");
                stack.startService("sinks");
            }
            List<JsonNode> history = HistoryWalk.awaitThrough(client, bob, direct, 0, 11, RECOVERY);
            assertThat(Frames.seqs(history)).isEqualTo(range(1, 11));
            assertThat(history.subList(1, 11)).extracting(m -> m.path("messageId").asText())
                    .isEqualTo(acks.stream().map(x -> x.path("messageId").asText()).toList());
        }
    }

    @Test
    void messagesSentWhileTheSinksAreStoppedAreAckedDeliveredAndStoredWhenTheyReturn() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            Sending.sendUntilAcked(a, "first", direct, "first");
            b.await("message", "clientMsgId", "first", WAIT);

            List<String> ids = new ArrayList<>();
            stack.stopService("sinks");
            try {
                for (int i = 1; i <= 8; i++) {
                    ids.add("paused-" + i);
                    a.send("paused-" + i, direct, "while the sinks are stopped " + i);
                }
            } finally {
                stack.startService("sinks");
            }
            // The router resumes from its committed offsets: the acks and deliveries that waited arrive, in order.
            List<Long> ackSeqs = new ArrayList<>();
            for (String id : ids) {
                ackSeqs.add(a.await("ack", "clientMsgId", id, WAIT).path("seq").asLong());
            }
            assertThat(ackSeqs).isEqualTo(range(2, 9));
            b.await("message", "clientMsgId", "paused-8", WAIT);
            assertThat(Frames.messageSeqs(b, direct)).isEqualTo(range(1, 9));
            List<JsonNode> history = HistoryWalk.awaitThrough(client, bob, direct, 0, 9, WAIT);
            assertThat(Frames.seqs(history)).isEqualTo(range(1, 9));
            assertThat(history.subList(1, 9)).extracting(m -> m.path("clientMsgId").asText()).isEqualTo(ids);
        }
    }

    private static JsonNode awaitEntry(TestUser user, String conversationId, long lastSeq) {
        JsonNode[] got = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            got[0] = HistoryWalk.entry(HistoryWalk.conversations(client, user), conversationId);
            return got[0] != null && got[0].path("lastSeq").asLong() == lastSeq;
        });
        return got[0];
    }
}
