package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * Guarantee 7 through the real path: a {@code read} reaches the other online members as a
 * {@code read} frame, never moves a position backwards, and shows as {@code readSeq}/{@code unread}
 * in {@code GET /v1/conversations}, which lists the most recent activity first with
 * {@code lastMessage}.
 */
class ReadStateIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void readReceiptsReachTheOtherMembersAndTheListShowsReadSeqAndUnread() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            List<JsonNode> acks = Sending.sendMany(a, direct, "r", 5);
            b.await("message", "clientMsgId", "r-5", WAIT);

            JsonNode before = awaitEntry(bob, direct, e -> e.path("lastSeq").asLong() == 5);
            assertThat(before.path("readSeq").asLong()).isZero();
            assertThat(before.path("unread").asLong()).isEqualTo(5);
            assertThat(before.path("kind").asText()).isEqualTo("direct");
            JsonNode last = before.path("lastMessage");
            assertThat(last.path("seq").asLong()).isEqualTo(5);
            assertThat(last.path("messageId").asText()).isEqualTo(acks.get(4).path("messageId").asText());
            assertThat(last.path("body").asText()).isEqualTo("r message 5");
            assertThat(last.path("senderId").asText()).isEqualTo(alice.userId());
            assertThat(last.path("sentAt").asText()).isEqualTo(acks.get(4).path("sentAt").asText());

            read(b, direct, 3);
            JsonNode receipt = a.await("read", "userId", bob.userId(), WAIT);
            assertThat(receipt.path("conversationId").asText()).isEqualTo(direct);
            assertThat(receipt.path("seq").asLong()).isEqualTo(3);
            JsonNode afterRead = awaitEntry(bob, direct, e -> e.path("readSeq").asLong() == 3);
            assertThat(afterRead.path("unread").asLong()).isEqualTo(2);
            // Alice's own read position is separate: she has read nothing.
            assertThat(HistoryWalk.entry(HistoryWalk.conversations(client, alice), direct).path("readSeq").asLong())
                    .isZero();

            // Backwards (and equal) reads are ignored; a later forward read is the next receipt.
            read(b, direct, 2);
            read(b, direct, 3);
            read(b, direct, 4);
            await().atMost(WAIT).until(() -> receipts(a, bob).size() >= 2);
            JsonNode moved = awaitEntry(bob, direct, e -> e.path("readSeq").asLong() == 4);
            assertThat(moved.path("unread").asLong()).isEqualTo(1);
            // Past the end: clamped to the last seq.
            read(b, direct, 99);
            await().atMost(WAIT).until(() -> receipts(a, bob).size() >= 3);
            JsonNode all = awaitEntry(bob, direct, e -> e.path("readSeq").asLong() == 5);
            assertThat(all.path("unread").asLong()).isZero();
            assertThat(receipts(a, bob)).containsExactly(3L, 4L, 5L);

            // Bob's own session is not sent his receipts; a new message makes one unread again.
            assertThat(Frames.ofType(b.frames(), "read", null)).isEmpty();
            Sending.sendUntilAcked(a, "r-6", direct, "one more");
            JsonNode again = awaitEntry(bob, direct, e -> e.path("lastSeq").asLong() == 6);
            assertThat(again.path("readSeq").asLong()).isEqualTo(5);
            assertThat(again.path("unread").asLong()).isEqualTo(1);
        }
    }

    @Test
    void readReceiptsReachEveryOtherMemberOfAGroupButNotOutsiders() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        TestUser carol = client.newUser("carol");
        TestUser eve = client.newUser("eve");
        String group = client.group(alice, "receipts", List.of(bob, carol));
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob);
             WsConnection c1 = client.connect(carol); WsConnection c2 = client.connect(carol);
             WsConnection e = client.connect(eve)) {
            Sending.sendMany(a, group, "g", 2);
            b.await("message", "clientMsgId", "g-2", WAIT);
            read(e, group, 2);
            JsonNode refused = e.await(f -> "error".equals(f.path("type").asText()), WAIT);
            assertThat(refused.path("code").asText()).isEqualTo("not_member");
            read(b, group, 2);
            for (WsConnection ws : List.of(a, c1, c2)) {
                JsonNode r = ws.await("read", "userId", bob.userId(), WAIT);
                assertThat(r.path("seq").asLong()).isEqualTo(2);
                assertThat(r.path("conversationId").asText()).isEqualTo(group);
            }
            assertThat(Frames.ofType(e.frames(), "read", null)).isEmpty();
        }
    }

    @Test
    void theListIsMostRecentActivityFirstWithEmptyConversationsLast() {
        TestUser bob = client.newUser("bob");
        TestUser alice = client.newUser("alice");
        TestUser carol = client.newUser("carol");
        TestUser dave = client.newUser("dave");
        String withAlice = client.direct(bob, alice);
        String withCarol = client.direct(bob, carol);
        String quiet = client.group(dave, "no messages yet", List.of(bob));
        try (WsConnection a = client.connect(alice); WsConnection c = client.connect(carol)) {
            Sending.sendUntilAcked(a, "l-1", withAlice, "from alice");
            Sending.sendUntilAcked(c, "l-2", withCarol, "from carol");
            JsonNode list = awaitList(bob, l -> ids(l).equals(List.of(withCarol, withAlice, quiet)));
            JsonNode empty = list.get(2);
            assertThat(empty.path("lastSeq").asLong()).isZero();
            assertThat(empty.path("unread").asLong()).isZero();
            assertThat(empty.path("lastMessage").isNull()).isTrue();
            assertThat(empty.path("kind").asText()).isEqualTo("group");
            assertThat(empty.path("title").asText()).isEqualTo("no messages yet");

            Sending.sendUntilAcked(a, "l-3", withAlice, "alice again");
            JsonNode reordered = awaitList(bob, l -> ids(l).equals(List.of(withAlice, withCarol, quiet)));
            assertThat(reordered.get(0).path("lastMessage").path("body").asText()).isEqualTo("alice again");
            assertThat(reordered.get(0).path("unread").asLong()).isEqualTo(2);
            for (JsonNode entry : reordered) {
                assertThat(entry.has("conversationId") && entry.has("kind") && entry.has("lastSeq")
                        && entry.has("readSeq") && entry.has("unread") && entry.has("lastMessage")).isTrue();
            }
        }
    }

    private static void read(WsConnection ws, String conversationId, long seq) {
        ws.sendRaw("{\"type\":\"read\",\"conversationId\":\"" + conversationId + "\",\"seq\":" + seq + "}");
    }

    private static List<Long> receipts(WsConnection ws, TestUser reader) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode f : Frames.ofType(ws.frames(), "read", null)) {
            if (reader.userId().equals(f.path("userId").asText())) {
                seqs.add(f.path("seq").asLong());
            }
        }
        return seqs;
    }

    private static JsonNode awaitEntry(TestUser user, String conversationId,
                                       java.util.function.Predicate<JsonNode> done) {
        JsonNode[] got = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            got[0] = HistoryWalk.entry(HistoryWalk.conversations(client, user), conversationId);
            return got[0] != null && done.test(got[0]);
        });
        return got[0];
    }

    private static JsonNode awaitList(TestUser user, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] got = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            got[0] = HistoryWalk.conversations(client, user);
            return done.test(got[0]);
        });
        return got[0];
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(e -> ids.add(e.path("conversationId").asText()));
        return ids;
    }
}
