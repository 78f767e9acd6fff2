package dev.parley.devstack;

import static dev.parley.testkit.client.Frames.messageSeqs;
import static dev.parley.testkit.client.Frames.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.Frames;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 4 (delivery) through the real path: every open session of every member, the
 * sender's other devices and the sending session included, receives {@code message}, in
 * increasing seq; acks and errors reach only the session that sent the frame.
 */
class DeliveryMultiDeviceIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void everySessionOfEveryMemberGetsEveryMessageInOrder() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        TestUser carol = client.newUser("carol");
        String group = client.group(alice, "three devices", List.of(bob, carol));
        int count = 12;
        List<WsConnection> all = new ArrayList<>();
        try (WsConnection a1 = track(all, client.connect(alice)); WsConnection a2 = track(all, client.connect(alice));
             WsConnection a3 = track(all, client.connect(alice)); WsConnection b1 = track(all, client.connect(bob));
             WsConnection b2 = track(all, client.connect(bob)); WsConnection c1 = track(all, client.connect(carol))) {
            assertThat(all.stream().map(WsConnection::sessionId).distinct()).hasSize(6);

            // Alice sends from a1 and Bob from b2, interleaved: each session must see one sequence 1..2n.
            List<Long> acked = new ArrayList<>();
            List<Long> latenciesMs = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                WsConnection from = i % 2 == 0 ? b2 : a1;
                long t0 = System.nanoTime();
                JsonNode ack = Sending.sendUntilAcked(from, "md-" + i, group, "message " + i);
                acked.add(ack.path("seq").asLong());
                long seq = ack.path("seq").asLong();
                for (WsConnection ws : all) {
                    ws.await(f -> "message".equals(f.path("type").asText())
                            && group.equals(f.path("conversationId").asText()) && f.path("seq").asLong() == seq, WAIT);
                }
                latenciesMs.add((System.nanoTime() - t0) / 1_000_000);
            }
            assertThat(acked).isEqualTo(range(1, count));
            for (WsConnection ws : all) {
                assertThat(messageSeqs(ws, group)).as("session %s", ws.sessionId()).isEqualTo(range(1, count));
            }
            // The frames carry the sender and body of each message.
            JsonNode third = Frames.ofType(c1.frames(), "message", group).get(2);
            assertThat(third.path("senderId").asText()).isEqualTo(alice.userId());
            assertThat(third.path("body").asText()).isEqualTo("message 3");
            System.out.println("[measure] send -> ack + message on all 6 sessions, ms: " + latenciesMs);
        }
    }

    @Test
    void acksAndErrorsGoOnlyToTheSessionThatSentTheFrame() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        TestUser outsider = client.newUser("eve");
        String direct = client.direct(alice, bob);
        String notMine = client.direct(bob, outsider);
        try (WsConnection a1 = client.connect(alice); WsConnection a2 = client.connect(alice);
             WsConnection b1 = client.connect(bob)) {
            Sending.sendUntilAcked(a1, "only-a1", direct, "first");
            a2.send("refused", notMine, "not my conversation");
            JsonNode error = a2.await("error", "clientMsgId", "refused", WAIT);
            assertThat(error.path("code").asText()).isEqualTo("not_member");

            // A barrier: a second message, acked on a1 and delivered everywhere, then a ping on
            // each session. Replies to one node are published in order, so had the first ack or the
            // error been routed to another session, it would have arrived there by now.
            Sending.sendUntilAcked(a1, "barrier", direct, "second");
            for (WsConnection ws : List.of(a1, a2, b1)) {
                ws.await("message", "clientMsgId", "barrier", WAIT);
                int mark = ws.count();
                ws.sendRaw("{\"type\":\"ping\"}");
                ws.awaitFrom(mark, f -> "pong".equals(f.path("type").asText()), WAIT);
            }
            assertThat(Frames.ofType(a2.frames(), "ack", null)).isEmpty();
            assertThat(Frames.ofType(b1.frames(), "ack", null)).isEmpty();
            // (a1 may have seen not_member for its own first send while the new membership propagated.)
            assertThat(Frames.ofType(a1.frames(), "error", null)).noneMatch(f -> "refused".equals(f.path("clientMsgId").asText()));
            assertThat(Frames.ofType(b1.frames(), "error", null)).isEmpty();
            assertThat(Frames.ofType(a1.frames(), "ack", null)).extracting(f -> f.path("clientMsgId").asText())
                    .containsExactly("only-a1", "barrier");
            // The ack rides on its message's envelope: the sending session gets it before the message.
            List<String> a1Barrier = a1.frames().stream().filter(f -> "barrier".equals(f.path("clientMsgId").asText()))
                    .map(f -> f.path("type").asText()).filter(t -> t.equals("ack") || t.equals("message")).toList();
            assertThat(a1Barrier).containsExactly("ack", "message");
            // The refused send was neither stored nor delivered.
            assertThat(Stream.of(a1, a2, b1).flatMap(ws -> Frames.ofType(ws.frames(), "message", notMine).stream()))
                    .isEmpty();
        }
    }

    @Test
    void closingOneDeviceDoesNotStopDeliveryToTheUsersOtherDevice() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        client.takePart(bob, direct); // so alice may see bob's presence
        try (WsConnection a1 = client.connect(alice); WsConnection b1 = client.connect(bob);
             WsConnection b2 = client.connect(bob)) {
            Sending.sendUntilAcked(a1, "both", direct, "to both devices");
            b1.await("message", "clientMsgId", "both", WAIT);
            b2.await("message", "clientMsgId", "both", WAIT);
            b1.close();
            // Bob is still online on b2: presence must say so, and b2 keeps receiving.
            JsonNode presence = client.edge().get("/v1/presence?userIds=" + bob.userId(), alice.accessToken())
                    .expect(200).json();
            assertThat(presence.path(bob.userId()).asText()).isEqualTo("online");
            for (int i = 1; i <= 3; i++) {
                Sending.sendUntilAcked(a1, "one-left-" + i, direct, "only b2 is open " + i);
                b2.await("message", "clientMsgId", "one-left-" + i, WAIT);
            }
            // seq 1 is bob's own message from taking part, sent before b2 opened
            assertThat(messageSeqs(b2, direct)).isEqualTo(range(2, 5));
        }
    }

    private static WsConnection track(List<WsConnection> all, WsConnection ws) {
        all.add(ws);
        return ws;
    }
}
