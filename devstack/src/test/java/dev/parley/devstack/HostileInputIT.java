package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's finding, through the real path: a {@code send} whose body held an unpaired surrogate
 * was acked, delivered as {@code "x?y"}, and then stopped the history writer for every user. Now
 * it is refused at the edge, nothing of it is stored or delivered, and history keeps flowing.
 */
class HostileInputIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The contract's bound for a message to show in history, which the finding broke. */
    private static final Duration HISTORY_WITHIN = Duration.ofSeconds(2);
    private static ParleyClient client;

    @BeforeAll
    static void startStack() {
        SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void anUnpairedSurrogateIsRefusedNeverStoredAndHistoryKeepsFlowingForEveryone() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String poisoned = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            // Make sure the membership has reached the pipeline, so a refusal below is the edge's.
            Sending.sendUntilAcked(a, "warm-1", poisoned, "hello");
            b.await("message", "clientMsgId", "warm-1", WAIT);

            a.sendRaw("{\"type\":\"send\",\"clientMsgId\":\"poison-1\",\"conversationId\":\"" + poisoned
                    + "\",\"body\":\"x\\ud800y\"}");
            JsonNode refused = a.await("error", "clientMsgId", "poison-1", WAIT);
            assertThat(refused.path("code").asText()).isEqualTo("bad_request");

            // A malformed clientMsgId is refused too, and never echoed back.
            int mark = a.count();
            a.sendRaw("{\"type\":\"send\",\"clientMsgId\":\"id\\udc00\",\"conversationId\":\"" + poisoned
                    + "\",\"body\":\"fine\"}");
            JsonNode refusedId = a.awaitFrom(mark, f -> "error".equals(f.path("type").asText()), WAIT);
            assertThat(refusedId.path("code").asText()).isEqualTo("bad_request");
            assertThat(refusedId.has("clientMsgId")).isFalse();

            // Trailing data after the object is bad_request, and the connection stays open.
            mark = a.count();
            a.sendRaw("{\"type\":\"ping\"} xyz");
            assertThat(a.awaitFrom(mark, f -> "error".equals(f.path("type").asText()), WAIT).path("code").asText())
                    .isEqualTo("bad_request");
            mark = a.count();
            a.sendRaw("{\"type\":\"ping\"}{\"type\":\"ping\"}");
            assertThat(a.awaitFrom(mark, f -> "error".equals(f.path("type").asText()), WAIT).path("code").asText())
                    .isEqualTo("bad_request");

            // The conversation goes on, and nothing of the poison was stored or delivered.
            JsonNode next = Sending.sendUntilAcked(a, "after-1", poisoned, "still here");
            assertThat(next.path("seq").asLong()).isEqualTo(2);
            b.await("message", "clientMsgId", "after-1", WAIT);
            assertThat(b.frames()).noneMatch(f -> "poison-1".equals(f.path("clientMsgId").asText()));
            JsonNode history = awaitHistory(bob, poisoned, 2, WAIT);
            assertThat(history.path("messages")).extracting(m -> m.path("clientMsgId").asText())
                    .containsExactly("warm-1", "after-1");
        }

        // And a conversation nobody has written to yet shows its first message in history at once.
        TestUser carol = client.newUser("carol");
        TestUser dave = client.newUser("dave");
        String fresh = client.direct(carol, dave);
        try (WsConnection c = client.connect(carol)) {
            Sending.sendUntilAcked(c, "fresh-1", fresh, "new conversation");
            JsonNode history = awaitHistory(dave, fresh, 1, HISTORY_WITHIN);
            assertThat(history.path("messages").get(0).path("body").asText()).isEqualTo("new conversation");
            HttpResult list = client.edge().get("/v1/conversations", dave.accessToken()).expect(200);
            assertThat(list.json()).extracting(n -> n.path("conversationId").asText()).contains(fresh);
        }
    }

    private static JsonNode awaitHistory(TestUser user, String conversation, int count, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResult r = client.history(user, conversation, null, null, null);
            last[0] = r.status() == 200 ? r.json() : null;
            return last[0] != null && last[0].path("messages").size() >= count;
        });
        return last[0];
    }
}
