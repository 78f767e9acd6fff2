package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.Frames;
import dev.parley.testkit.client.HistoryWalk;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guarantee 8 through the real path: {@code typing} reaches the other online members and is never stored. */
class DeliveryTypingIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void typingReachesEveryOtherMembersSessionsAndIsNeverInHistory() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        TestUser carol = client.newUser("carol");
        String group = client.group(alice, "typing", List.of(bob, carol));
        try (WsConnection a = client.connect(alice); WsConnection b1 = client.connect(bob);
             WsConnection b2 = client.connect(bob); WsConnection c = client.connect(carol)) {
            // The membership reaches the pipeline within 2 s; a first acked message proves it has.
            JsonNode first = Sending.sendUntilAcked(a, "t-1", group, "before typing");
            assertThat(first.path("seq").asLong()).isEqualTo(1);

            a.sendRaw("{\"type\":\"typing\",\"conversationId\":\"" + group + "\"}");
            for (WsConnection ws : List.of(b1, b2, c)) {
                JsonNode typing = ws.await(f -> "typing".equals(f.path("type").asText()), WAIT);
                assertThat(typing.path("conversationId").asText()).isEqualTo(group);
                assertThat(typing.path("userId").asText()).isEqualTo(alice.userId());
            }

            // Typing is ephemeral: the next message gets seq 2 and history holds exactly the two messages.
            JsonNode second = Sending.sendUntilAcked(a, "t-2", group, "after typing");
            assertThat(second.path("seq").asLong()).isEqualTo(2);
            List<JsonNode> history = HistoryWalk.awaitThrough(client, carol, group, 0, 2, WAIT);
            assertThat(Frames.seqs(history)).containsExactly(1L, 2L);
            assertThat(history).extracting(m -> m.path("clientMsgId").asText()).containsExactly("t-1", "t-2");
            JsonNode entry = HistoryWalk.entry(HistoryWalk.conversations(client, carol), group);
            assertThat(entry.path("lastSeq").asLong()).isEqualTo(2);

            // The typist's own session is not told about its own typing (only the other members are).
            c.await("message", "clientMsgId", "t-2", WAIT);
            a.await("message", "clientMsgId", "t-2", WAIT);
            assertThat(Frames.ofType(a.frames(), "typing", null)).isEmpty();
        }
    }

    @Test
    void typingInAConversationOneIsNotAMemberOfReachesNobody() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        TestUser eve = client.newUser("eve");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob);
             WsConnection e = client.connect(eve)) {
            Sending.sendUntilAcked(a, "x-1", direct, "hello");
            e.sendRaw("{\"type\":\"typing\",\"conversationId\":\"" + direct + "\"}");
            // Barrier: a typing of alice's sent after eve's. Commands of different users may take
            // different stage-1 partitions, so this narrows rather than closes the window: a leak
            // could be missed, but a correct system never fails here.
            a.sendRaw("{\"type\":\"typing\",\"conversationId\":\"" + direct + "\"}");
            b.await(f -> "typing".equals(f.path("type").asText()) && alice.userId().equals(f.path("userId").asText()),
                    WAIT);
            assertThat(Frames.ofType(b.frames(), "typing", null)).extracting(f -> f.path("userId").asText())
                    .containsOnly(alice.userId());
        }
    }
}
