package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton: the whole system as the README's first command runs it (real Kafka,
 * Cassandra, Redis, PostgreSQL, and auth, topology, sinks and edge as separate processes), driven
 * by a client that speaks only the contract.
 */
class OneMessageEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void oneMessageTravelsFromSenderToRecipientAndIntoHistory() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String conversation = client.direct(alice, bob);

        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            assertThat(a.ready().path("userId").asText()).isEqualTo(alice.userId());
            assertThat(a.sessionId()).isNotBlank().isNotEqualTo(b.sessionId());

            JsonNode ack = sendUntilAccepted(a, "m-1", conversation, "hello bob");
            assertThat(fieldNames(ack)).containsExactlyInAnyOrder("type", "clientMsgId", "conversationId", "seq",
                    "messageId", "sentAt");
            assertThat(ack.path("conversationId").asText()).isEqualTo(conversation);
            assertThat(ack.path("seq").asLong()).isEqualTo(1);
            assertThat(ack.path("messageId").asText()).isNotBlank();
            Instant sentAt = Instant.parse(ack.path("sentAt").asText());

            JsonNode delivered = b.await("message", "clientMsgId", "m-1", WAIT);
            assertThat(fieldNames(delivered)).containsExactlyInAnyOrder("type", "conversationId", "seq", "messageId",
                    "senderId", "clientMsgId", "body", "sentAt");
            assertThat(delivered.path("conversationId").asText()).isEqualTo(conversation);
            assertThat(delivered.path("seq").asLong()).isEqualTo(1);
            assertThat(delivered.path("messageId").asText()).isEqualTo(ack.path("messageId").asText());
            assertThat(delivered.path("senderId").asText()).isEqualTo(alice.userId());
            assertThat(delivered.path("body").asText()).isEqualTo("hello bob");
            assertThat(Instant.parse(delivered.path("sentAt").asText())).isEqualTo(sentAt);

            // The sending session receives the message too (contract guarantee 4).
            a.await("message", "clientMsgId", "m-1", WAIT);

            // History gives the same seq -> message mapping (guarantee 1), for both members.
            JsonNode stored = awaitHistory(bob, conversation, 1);
            JsonNode first = stored.path("messages").get(0);
            assertThat(fieldNames(first)).containsExactlyInAnyOrder("conversationId", "seq", "messageId", "senderId",
                    "clientMsgId", "body", "sentAt");
            assertThat(first.path("messageId").asText()).isEqualTo(ack.path("messageId").asText());
            assertThat(first.path("body").asText()).isEqualTo("hello bob");
            assertThat(first.path("seq").asLong()).isEqualTo(1);
            assertThat(Instant.parse(first.path("sentAt").asText())).isEqualTo(sentAt);
            assertThat(stored.path("hasMore").asBoolean()).isFalse();
        }
    }

    @Test
    void secondMessageGetsNextSeqAndARepeatedSendGetsTheOriginalAck() {
        TestUser carol = client.newUser("carol");
        TestUser dave = client.newUser("dave");
        String conversation = client.direct(carol, dave);
        try (WsConnection c = client.connect(carol); WsConnection d = client.connect(dave)) {
            JsonNode first = sendUntilAccepted(c, "x-1", conversation, "one");
            c.send("x-2", conversation, "two");
            JsonNode second = c.await("ack", "clientMsgId", "x-2", WAIT);
            assertThat(second.path("seq").asLong()).isEqualTo(first.path("seq").asLong() + 1);

            c.send("x-2", conversation, "two, sent again after a lost ack");
            await().atMost(WAIT).until(() -> c.frames().stream()
                    .filter(f -> "ack".equals(f.path("type").asText()) && "x-2".equals(f.path("clientMsgId").asText()))
                    .count() == 2);
            JsonNode repeated = c.frames().stream()
                    .filter(f -> "ack".equals(f.path("type").asText()) && "x-2".equals(f.path("clientMsgId").asText()))
                    .reduce((x, y) -> y).orElseThrow();
            assertThat(repeated).isEqualTo(second);

            d.await("message", "clientMsgId", "x-2", WAIT);
            JsonNode history = awaitHistory(dave, conversation, 2);
            assertThat(history.path("messages")).hasSize(2);
        }
    }

    @Test
    void badInputIsRefusedWithTheContractsCodesAndTheConnectionStaysOpen() {
        TestUser erin = client.newUser("erin");
        TestUser frank = client.newUser("frank");
        String conversation = client.direct(erin, frank);

        assertThat(WsConnection.upgradeStatus(stack.edgeWsUrl(), "not-a-token")).isEqualTo(401);
        assertThat(WsConnection.upgradeStatus(stack.edgeWsUrl(), null)).isEqualTo(401);

        try (WsConnection e = client.connect(erin)) {
            e.sendRaw("{not json");
            JsonNode error = e.await(f -> "error".equals(f.path("type").asText()), WAIT);
            assertThat(error.path("code").asText()).isEqualTo("bad_request");

            e.sendRaw("{\"type\":\"ping\"}");
            e.await(f -> "pong".equals(f.path("type").asText()), WAIT);

            JsonNode ack = sendUntilAccepted(e, "after-error", conversation, "still here");
            assertThat(ack.path("seq").asLong()).isEqualTo(1);
        }
        HttpResult outsider = client.history(client.newUser("mallory"), conversation, null, null, null);
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.errorCode()).isEqualTo("not_found");
    }

    /**
     * Sends until acked. The contract lets a new membership take up to 2 seconds to reach the
     * pipeline, so a send right after creating a conversation may get {@code not_member}; a client
     * then retries with the same clientMsgId, which is safe because sends are idempotent. Other
     * end-to-end tests of this package send their first message with it too.
     */
    static JsonNode sendUntilAccepted(WsConnection ws, String clientMsgId, String conversation, String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            int mark = ws.count();
            ws.send(clientMsgId, conversation, body);
            JsonNode reply = ws.awaitFrom(mark, f -> clientMsgId.equals(f.path("clientMsgId").asText())
                    && ("ack".equals(f.path("type").asText()) || "error".equals(f.path("type").asText())), WAIT);
            if ("ack".equals(reply.path("type").asText())) {
                return reply;
            }
            assertThat(reply.path("code").asText()).isEqualTo("not_member");
            assertThat(System.nanoTime()).as("membership took effect (contract: 2 s; 5 s allowed for a cold start)")
                    .isLessThan(deadline);
            sleep(200);
        }
    }

    private static JsonNode awaitHistory(TestUser user, String conversation, int count) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResult r = client.history(user, conversation, null, null, null);
            last[0] = r.status() == 200 ? r.json() : null;
            return last[0] != null && last[0].path("messages").size() >= count;
        });
        return last[0];
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
