package dev.parley.devstack;

import static dev.parley.testkit.client.Frames.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.Frames;
import dev.parley.testkit.client.HistoryWalk;
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
 * An outage of the log itself (issue 9: "outages are waited out, without loss"): Kafka is stopped
 * while a client sends. The edge answers {@code unavailable}; the client sends again with the same
 * {@code clientMsgId}, as the contract tells it to; once Kafka is back every message is acked
 * exactly once, in order, with no gap, and reaches history and the other member. The topology,
 * the sinks and the edge recover by themselves: nothing is restarted but Kafka.
 */
class KafkaOutageIT {
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        SharedStack.assumeOwnServers("stops and starts Kafka");
        stack = SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void sendsRetriedThroughAKafkaOutageAreAckedOnceInOrderWithNoGap() throws Exception {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            Sending.sendMany(a, direct, "before", 2);

            List<JsonNode> acks = new ArrayList<>();
            int unavailable;
            stack.stopInfra("kafka");
            try {
                Thread restart = Thread.ofVirtual().start(() -> {
                    try {
                        // Longer than the edge's delivery timeout (10 s): with 8 s, a Kafka back from its
                        // AOT cache within 3 s on a fast host answered every send, and no unavailable came.
                        Thread.sleep(12_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    stack.startInfra("kafka");
                });
                unavailable = 0;
                for (int i = 1; i <= 5; i++) {
                    Outcome o = sendThroughOutage(a, "outage-" + i, direct, "sent while the log was down " + i);
                    acks.add(o.ack());
                    unavailable += o.unavailable();
                }
                restart.join();
            } finally {
                stack.startInfra("kafka"); // no-op when it already runs; leaves the shared stack whole
            }
            assertThat(unavailable).as("the edge said unavailable while Kafka was down").isPositive();
            assertThat(Frames.seqs(acks)).containsExactlyElementsOf(range(3, 7));

            for (int i = 1; i <= 5; i++) {
                b.await("message", "clientMsgId", "outage-" + i, RECOVERY);
            }
            List<JsonNode> history = HistoryWalk.awaitThrough(client, bob, direct, 0, 7, RECOVERY);
            assertThat(Frames.seqs(history)).containsExactlyElementsOf(range(1, 7));
            assertThat(history).extracting(m -> m.path("clientMsgId").asText()).containsExactly(
                    "before-1", "before-2", "outage-1", "outage-2", "outage-3", "outage-4", "outage-5");
            // The one real send per clientMsgId: every ack of a repeated clientMsgId is the same.
            for (JsonNode ack : acks) {
                String id = ack.path("clientMsgId").asText();
                assertThat(Frames.ofType(a.frames(), "ack", direct)).filteredOn(f -> id.equals(f.path("clientMsgId").asText()))
                        .extracting(f -> f.path("seq").asLong()).containsOnly(ack.path("seq").asLong());
            }
        }
    }

    private record Outcome(JsonNode ack, int unavailable) {
    }

    /** Sends until acked; {@code unavailable} (the log is down) and {@code not_member} are answered by sending again. */
    private static Outcome sendThroughOutage(WsConnection ws, String clientMsgId, String conversation, String body)
            throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        int unavailable = 0;
        while (true) {
            int mark = ws.count();
            ws.send(clientMsgId, conversation, body);
            JsonNode reply = ws.awaitFrom(mark, f -> clientMsgId.equals(f.path("clientMsgId").asText())
                    && ("ack".equals(f.path("type").asText()) || "error".equals(f.path("type").asText())), RECOVERY);
            if ("ack".equals(reply.path("type").asText())) {
                return new Outcome(reply, unavailable);
            }
            assertThat(reply.path("code").asText()).isIn("unavailable", "rate_limited");
            unavailable += "unavailable".equals(reply.path("code").asText()) ? 1 : 0;
            assertThat(System.nanoTime()).as("acked within %s of the outage", RECOVERY).isLessThan(deadline);
            Thread.sleep(Math.max(200, reply.path("retryAfterMs").asLong(500)));
        }
    }
}
