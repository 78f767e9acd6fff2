package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.Command;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.testkit.client.RawWebSocket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketTest {
    private final EdgeHarness edge = new EdgeHarness();

    @AfterEach
    void stop() {
        edge.close();
    }

    private int handshakeStatus(Map<String, String> headers, String query) {
        return RawWebSocket.upgradeStatus(edge.ws("/ws" + query), headers);
    }

    @Test
    void refusesMissingBadOrExpiredTokenBeforeTheUpgrade() throws Exception {
        assertThat(handshakeStatus(Map.of(), "")).isEqualTo(401);
        assertThat(handshakeStatus(Map.of("Authorization", "Bearer nope"), "")).isEqualTo(401);
        String shortLived = edge.tokens.issue("alice", EdgeHarness.T0.plusSeconds(1));
        edge.clock.advance(Duration.ofSeconds(2));
        assertThat(handshakeStatus(Map.of("Authorization", "Bearer " + shortLived), "")).isEqualTo(401);
        assertThat(edge.services.hub().registry().size()).isZero();
    }

    /** The route that answers a refused upgrade gives the upgrade's own answer, not a second opinion. */
    @Test
    void aRefusalThatClearsBeforeTheAnswerIsStillAnsweredAsRefused() throws Exception {
        String token = edge.token("alice");
        edge.tokens.unverifiableFor(1); // the upgrade's check fails; a second check would pass
        assertThat(handshakeStatus(Map.of("Authorization", "Bearer " + token), "")).isEqualTo(503);
        assertThat(handshakeStatus(Map.of("Authorization", "Bearer " + token), "")).isEqualTo(101);
        assertThat(edge.get("/ws", token).statusCode()).as("no upgrade asked: the checks of now").isEqualTo(400);
    }

    @Test
    void refusedUpgradeAnswersTheContractErrorBody() throws Exception {
        HttpResponse<String> res = edge.get("/ws", null);
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).contains("\"code\":\"unauthorized\"");
    }

    @Test
    void checksBrowserOrigins() throws Exception {
        String token = edge.token("alice");
        assertThat(handshakeStatus(Map.of("Authorization", "Bearer " + token, "Origin", "https://evil.example"), ""))
                .isEqualTo(403);
        try (WsClient c = WsClient.connect(edge.ws("/ws?access_token=" + token),
                Map.of("Origin", "http://localhost:5173"))) {
            assertThat(c.next().path("type").asText()).isEqualTo("ready");
        }
    }

    @Test
    void firstFrameIsReadyWithUserAndSession() throws Exception {
        try (WsClient c = edge.connect("alice")) {
            JsonNode ready = c.next();
            assertThat(ready.path("type").asText()).isEqualTo("ready");
            assertThat(ready.path("userId").asText()).isEqualTo("alice");
            assertThat(ready.path("sessionId").asText()).isNotEmpty();
        }
    }

    @Test
    void badFramesGetBadRequestAndTheConnectionStaysOpen() throws Exception {
        try (WsClient c = edge.connect("alice")) {
            c.next();
            c.send("not json");
            assertThat(c.next().path("code").asText()).isEqualTo("bad_request");
            c.send("{\"type\":\"dance\"}");
            assertThat(c.next().path("code").asText()).isEqualTo("bad_request");
            c.send("{\"type\":\"send\",\"clientMsgId\":\"c1\",\"conversationId\":7,\"body\":\"hi\"}");
            JsonNode mistyped = c.next();
            assertThat(mistyped.path("code").asText()).isEqualTo("bad_request");
            assertThat(mistyped.path("clientMsgId").asText()).isEqualTo("c1");
            c.send("{\"type\":\"send\",\"clientMsgId\":\"c2\",\"conversationId\":\"k\",\"body\":\"" + "x".repeat(4001) + "\"}");
            JsonNode tooLarge = c.next();
            assertThat(tooLarge.path("code").asText()).isEqualTo("too_large");
            assertThat(tooLarge.path("clientMsgId").asText()).isEqualTo("c2");
            c.send("{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":\"3\"}");
            assertThat(c.next().path("code").asText()).isEqualTo("bad_request");
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().path("type").asText()).isEqualTo("pong");
            assertThat(edge.commands.size()).isZero();
        }
    }

    @Test
    void acceptedFramesBecomeCommandsKeyedToTheSession() throws Exception {
        try (WsClient c = edge.connect("alice")) {
            String sessionId = c.next().path("sessionId").asText();
            Origin origin = new Origin("edge-test", sessionId);
            c.send("{\"type\":\"send\",\"clientMsgId\":\"c1\",\"conversationId\":\"k\",\"body\":\"hello\"}");
            Command sent = edge.commands.next();
            assertThat(sent).isInstanceOfSatisfying(SendCommand.class, s -> {
                assertThat(s.userId()).isEqualTo("alice");
                assertThat(s.conversationId()).isEqualTo("k");
                assertThat(s.clientMsgId()).isEqualTo("c1");
                assertThat(s.body()).isEqualTo("hello");
                assertThat(s.origin()).isEqualTo(origin);
                assertThat(s.receivedAt()).isEqualTo(EdgeHarness.T0);
                assertThat(UUID.fromString(s.messageId())).isNotNull();
            });
            c.send("{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":3}");
            assertThat(edge.commands.next()).isEqualTo(new ReadCommand("alice", "k", 3, origin, EdgeHarness.T0));
            c.send("{\"type\":\"typing\",\"conversationId\":\"k\"}");
            assertThat(edge.commands.next()).isEqualTo(new TypingCommand("alice", "k", origin, EdgeHarness.T0));
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().path("type").asText()).as("the edge itself never acks").isEqualTo("pong");
        }
    }

    @Test
    void failedProduceAnswersUnavailableWithTheClientMsgId() throws Exception {
        edge.commands.failing(true);
        try (WsClient c = edge.connect("alice")) {
            c.next();
            c.send("{\"type\":\"send\",\"clientMsgId\":\"c9\",\"conversationId\":\"k\",\"body\":\"hello\"}");
            JsonNode error = c.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("unavailable");
            assertThat(error.path("clientMsgId").asText()).isEqualTo("c9");
        }
    }

    @Test
    void envelopesReachExactlyTheAddressedSessions() throws Exception {
        try (WsClient a1 = edge.connect("alice"); WsClient a2 = edge.connect("alice");
             WsClient b = edge.connect("bob")) {
            String a1Session = a1.next().path("sessionId").asText();
            a2.next();
            String bSession = b.next().path("sessionId").asText();

            edge.channels.publish("edge-test", NodeEnvelope.toUsers(List.of("alice", "carol"), new TypingFrame("k", "dave")));
            assertThat(a1.next().path("type").asText()).isEqualTo("typing");
            assertThat(a2.next().path("userId").asText()).isEqualTo("dave");

            AckFrame ack = new AckFrame("c1", "k", 1, "m1", EdgeHarness.T0);
            edge.channels.publish("edge-test", NodeEnvelope.toSession(a1Session, ack));
            edge.channels.publish("edge-test", NodeEnvelope.toSession(bSession, ack));
            assertThat(a1.next().path("type").asText()).isEqualTo("ack");
            // bob's first frame after ready is his own ack: the typing to alice never reached him
            assertThat(b.next().path("type").asText()).isEqualTo("ack");
            edge.channels.publish("edge-test", NodeEnvelope.toUsers(List.of("alice"), new TypingFrame("k", "erin")));
            // a2 got no ack: its next frame is the second typing
            assertThat(a2.next().path("userId").asText()).isEqualTo("erin");
        }
    }

    @Test
    void answersWebSocketPingsWithPongs() throws Exception {
        try (WsClient c = edge.connect("alice")) {
            c.next();
            c.socket.sendPing(new byte[] {1, 2, 3});
            ByteBuffer pong = c.socket.awaitPong(Duration.ofSeconds(5));
            assertThat(pong).isNotNull();
            assertThat(pong.remaining()).isEqualTo(3);
        }
    }

    @Test
    void framesOver64KiBCloseWith1009() throws Exception {
        try (WsClient c = edge.connect("alice")) {
            c.next();
            try {
                c.socket.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            } catch (CompletionException e) {
                // the server may close before the whole frame is written; the close code below is the test
            }
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void presenceFollowsTheFirstAndLastLocalSession() throws Exception {
        WsClient a1 = edge.connect("alice");
        WsClient a2 = edge.connect("alice");
        a1.next();
        a2.next();
        assertThat(edge.presence.events()).containsExactly("online:alice");
        a1.close();
        awaitSessions(1);
        assertThat(edge.presence.events()).containsExactly("online:alice");
        a2.close();
        awaitSessions(0);
        assertThat(edge.presence.events()).containsExactly("online:alice", "offline:alice");
    }

    @Test
    void directPeersGetPresenceFramesWhenAUserComesAndGoes() throws Exception {
        edge.history.conversation("ab", "direct", null, "alice", "bob");
        edge.history.conversation("team", "group", "Team", "alice", "carol");
        edge.history.read("alice", "ab", 1); // alice took part in "ab": bob may see her presence
        edge.history.read("alice", "team", 1); // a group never shows it
        try (WsClient bob = edge.connect("bob"); WsClient carol = edge.connect("carol")) {
            bob.next();
            carol.next();
            WsClient alice = edge.connect("alice");
            alice.next();
            assertThat(bob.next()).isEqualTo(Json.read("{\"type\":\"presence\",\"userId\":\"alice\","
                    + "\"status\":\"online\"}", JsonNode.class));
            WsClient second = edge.connect("alice"); // not her first session here: no frame
            second.next();
            second.close();
            alice.close();
            assertThat(bob.next()).isEqualTo(Json.read("{\"type\":\"presence\",\"userId\":\"alice\","
                    + "\"status\":\"offline\"}", JsonNode.class));
            carol.send("{\"type\":\"ping\"}");
            assertThat(carol.next().path("type").asText()).as("group members get no presence").isEqualTo("pong");
        }
    }

    @Test
    void aSessionDroppedByTheSweeperAnnouncesOffline() throws Exception {
        edge.history.conversation("ab", "direct", null, "alice", "bob");
        edge.history.read("alice", "ab", 1);
        try (WsClient bob = edge.connect("bob"); WsClient alice = edge.connect("alice")) {
            bob.next();
            alice.next();
            assertThat(bob.next().path("status").asText()).isEqualTo("online");
            edge.clock.advance(Duration.ofSeconds(61));
            bob.send("{\"type\":\"ping\"}");
            edge.services.hub().heartbeat(); // keeps bob (and alice, still registered) vouched for
            assertThat(bob.next().path("type").asText()).isEqualTo("pong");
            edge.services.hub().sweep(); // alice said nothing for 61 s > idle timeout
            JsonNode offline = bob.next();
            assertThat(offline.path("userId").asText()).isEqualTo("alice");
            assertThat(offline.path("status").asText()).isEqualTo("offline");
        }
    }

    @Test
    void sweeperClosesIdleSessionsAndExpiredTokens() throws Exception {
        String shortToken = edge.tokens.issue("bob", EdgeHarness.T0.plus(Duration.ofSeconds(90)));
        try (WsClient idle = edge.connect("alice");
             WsClient expiring = WsClient.connect(edge.ws("/ws"),
                     Map.of("Authorization", "Bearer " + shortToken))) {
            idle.next();
            expiring.next();
            edge.clock.advance(Duration.ofSeconds(45));
            expiring.send("{\"type\":\"ping\"}");
            expiring.next();
            edge.services.hub().sweep();
            assertThat(edge.services.hub().registry().size()).isEqualTo(2);

            edge.clock.advance(Duration.ofSeconds(30)); // alice silent for 75 s > 60 s
            edge.services.hub().sweep();
            assertThat(idle.closeCode()).isEqualTo(1000);
            assertThat(edge.services.hub().registry().users()).containsExactly("bob");

            edge.clock.advance(Duration.ofSeconds(20)); // bob's token expired at 90 s
            edge.services.hub().sweep();
            assertThat(expiring.closeCode()).isEqualTo(4001);
            assertThat(edge.services.hub().registry().size()).isZero();
        }
    }

    @Test
    void drainClosesEverySessionWith1001AndRefusesNewOnes() throws Exception {
        try (WsClient c = edge.connect("alice")) {
            c.next();
            edge.services.drain();
            assertThat(c.closeCode()).isEqualTo(1001);
            assertThat(edge.presence.events()).containsExactly("online:alice", "offline:alice");
            assertThat(handshakeStatus(Map.of("Authorization", "Bearer " + edge.token("bob")), "")).isEqualTo(503);
            assertThat(edge.get("/ws", edge.token("bob")).statusCode()).isEqualTo(503);
        }
    }

    private void awaitSessions(int n) throws InterruptedException {
        for (int i = 0; i < 500 && edge.services.hub().registry().size() != n; i++) {
            Thread.sleep(10);
        }
        assertThat(edge.services.hub().registry().size()).isEqualTo(n);
    }
}
