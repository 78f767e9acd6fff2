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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 5 through the real path: a client that remembers the last seq it saw gets
 * everything after it, in order, from {@code messages?after=seq}, across a disconnect and across
 * a restart of the edge node, and then continues with live messages.
 */
class CatchUpIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        stack = SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void aClientThatWasAwayGetsEverythingAfterItsLastSeqInOrder() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice)) {
            long lastSeen;
            List<JsonNode> acks;
            try (WsConnection b = client.connect(bob)) {
                Sending.sendMany(a, direct, "seen", 3);
                b.await("message", "clientMsgId", "seen-3", WAIT);
                lastSeen = Frames.messageSeqs(b, direct).getLast();
            }
            assertThat(lastSeen).isEqualTo(3);
            acks = Sending.sendMany(a, direct, "away", 12);

            try (WsConnection b = client.connect(bob)) {
                List<JsonNode> missed = HistoryWalk.awaitThrough(client, bob, direct, lastSeen, 15, WAIT);
                assertThat(Frames.seqs(missed)).isEqualTo(range(4, 15));
                for (int i = 0; i < acks.size(); i++) {
                    assertThat(missed.get(i).path("messageId").asText()).isEqualTo(acks.get(i).path("messageId").asText());
                    assertThat(missed.get(i).path("clientMsgId").asText()).isEqualTo("away-" + (i + 1));
                    assertThat(missed.get(i).path("sentAt").asText()).isEqualTo(acks.get(i).path("sentAt").asText());
                }
                // The same catch-up in small pages (limit 5) gives the same sequence.
                assertThat(Frames.seqs(pagesOf(bob, direct, lastSeen, 5))).isEqualTo(range(4, 15));

                // And live delivery continues where history ends.
                Sending.sendMany(a, direct, "live", 3);
                b.await("message", "clientMsgId", "live-3", WAIT);
                assertThat(Frames.messageSeqs(b, direct)).isEqualTo(range(16, 18));
            }
        }
    }

    @Test
    void aClientCatchesUpAcrossAnEdgeRestartAndThenReceivesLiveMessagesInOrder() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        long lastSeen;
        WsConnection a = client.connect(alice);
        WsConnection b = client.connect(bob);
        try {
            Sending.sendMany(a, direct, "before", 4);
            b.await("message", "clientMsgId", "before-4", WAIT);
            lastSeen = Frames.messageSeqs(b, direct).getLast();
            // Bob stops reading this conversation's screen (e.g. the app is in the background):
            // he still holds lastSeen = 4; these two are acked while he does not look.
            b.close();
            Sending.sendMany(a, direct, "unseen", 2);

            stack.stopService("edge");
            Integer closeCode = a.closed().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> -1).join();
            System.out.println("[measure] close code seen by a client when the edge stops: " + closeCode);
            assertThat(closeCode).as("contract: 1001 = the node is draining, reconnect").isEqualTo(1001);
        } finally {
            a.close();
            b.close();
            stack.startService("edge");
        }

        try (WsConnection b2 = client.connect(bob); WsConnection a2 = client.connect(alice)) {
            List<JsonNode> missed = HistoryWalk.awaitThrough(client, bob, direct, lastSeen, 6, WAIT);
            assertThat(Frames.seqs(missed)).isEqualTo(range(5, 6));
            assertThat(missed).extracting(m -> m.path("clientMsgId").asText()).containsExactly("unseen-1", "unseen-2");

            List<JsonNode> acks = Sending.sendMany(a2, direct, "after", 5);
            assertThat(Frames.seqs(acks)).isEqualTo(range(7, 11));
            b2.await("message", "clientMsgId", "after-5", WAIT);
            assertThat(Frames.messageSeqs(b2, direct)).isEqualTo(range(7, 11));
            // History, read from the start, is the whole conversation with no gap or repeat.
            assertThat(Frames.seqs(HistoryWalk.after(client, alice, direct, 0))).isEqualTo(range(1, 11));
        }
    }

    private static List<JsonNode> pagesOf(TestUser user, String conversationId, long after, int limit) {
        List<JsonNode> all = new ArrayList<>();
        long cursor = after;
        while (true) {
            JsonNode page = client.history(user, conversationId, cursor, null, limit).expect(200).json();
            List<JsonNode> messages = Frames.messages(page);
            assertThat(messages.size()).isLessThanOrEqualTo(limit);
            all.addAll(messages);
            if (!page.path("hasMore").asBoolean()) {
                return all;
            }
            cursor = messages.getLast().path("seq").asLong();
        }
    }
}
