package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.redis.NodeEnvelope;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Overload shedding through the real WebSocket server: while the node's oldest send has waited
 * longer than {@code edge.overload.max-ack-delay} (750 ms) for its ack, with at least 128 sends
 * pending behind it ({@code SendBackpressure.MIN_BACKLOG}), a new send is refused with
 * {@code unavailable} and {@code retryAfterMs} and never reaches the log; once answers flow, sends
 * are admitted again; sends stalled in one part of the pipeline do not stop the others while their
 * answers come back in time; a failover's silence is waited out. The clock is moved by hand.
 */
class OverloadTest {
    /**
     * One user's backlog is far over the send rate limit, which is not what this is about; no stall
     * grace (5 s by default), so a backlog that waits in silence shows the rules without answers that
     * flow late.
     */
    private final EdgeHarness edge = new EdgeHarness(Map.of("edge.limits.send-rate", "1000",
            "edge.limits.send-burst", "1000", "edge.overload.stall-grace", "0s"));

    @AfterEach
    void stop() {
        edge.close();
    }

    /** {@code SendBackpressure.MIN_BACKLOG}: fewer pending sends are no backlog, however late. */
    private static final int BACKLOG = 128;

    private static String send(String clientMsgId) {
        return "{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\",\"conversationId\":\"k\",\"body\":\"hi\"}";
    }

    @Test
    void aSendIsRefusedWithRetryAfterWhileThePipelineIsBehindAndAdmittedOnceAcksFlow() throws Exception {
        try (WsClient alice = edge.connect("alice"); WsClient bob = edge.connect("bob")) {
            String aliceSession = alice.next().path("sessionId").asText();
            bob.next();
            for (int i = 1; i <= BACKLOG; i++) {
                alice.send(send("a" + i));
                assertThat(edge.commands.next()).isInstanceOf(SendCommand.class);
            }

            edge.clock.advance(Duration.ofMillis(1000)); // alice's sends have waited 1 s for their acks
            bob.send(send("b1"));
            JsonNode refused = bob.next();
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("code").asText()).isEqualTo("unavailable");
            assertThat(refused.path("clientMsgId").asText()).isEqualTo("b1");
            assertThat(refused.path("retryAfterMs").asLong()).isBetween(250L, 2000L);
            assertThat(edge.commands.poll(200)).as("a refused send never reaches the log").isNull();
            assertThat(edge.obs.meters().get("parley.edge.sends.shed").counter().count()).isEqualTo(1);
            assertThat(edge.obs.meters().get("parley.edge.frames.refused").tag("code", "unavailable").counter().count())
                    .isEqualTo(1);

            for (int i = 1; i <= BACKLOG; i++) {
                edge.channels.publish("edge-test", NodeEnvelope.toSession(aliceSession,
                        new AckFrame("a" + i, "k", i, "m" + i, EdgeHarness.T0)));
                assertThat(alice.next().path("type").asText()).isEqualTo("ack");
            }
            bob.send(send("b1"));
            assertThat(edge.commands.next()).isInstanceOfSatisfying(SendCommand.class,
                    s -> assertThat(s.clientMsgId()).isEqualTo("b1"));
        }
    }

    @Test
    void aSendShedUnderOverloadTakesNoTokenFromItsUsersRateLimit() throws Exception {
        // Room for the backlog and 3 more (the clock moves 1 s at 1 per second: one token back).
        try (EdgeHarness tight = new EdgeHarness(Map.of("edge.limits.send-rate", "1",
                "edge.limits.send-burst", String.valueOf(BACKLOG + 2), "edge.overload.stall-grace", "0s"));
             WsClient alice = tight.connect("alice")) {
            String session = alice.next().path("sessionId").asText();
            for (int i = 1; i <= BACKLOG; i++) {
                alice.send(send("a" + i));
                tight.commands.next();
            }
            tight.clock.advance(Duration.ofMillis(1000));
            for (int i = 1; i <= 5; i++) {
                alice.send(send("shed" + i));
                assertThat(alice.next().path("code").asText()).as("shed" + i).isEqualTo("unavailable");
            }
            for (int i = 1; i <= BACKLOG; i++) {
                tight.channels.publish("edge-test", NodeEnvelope.toSession(session,
                        new AckFrame("a" + i, "k", i, "m" + i, EdgeHarness.T0)));
                alice.next();
            }
            for (int i = 1; i <= 3; i++) {
                alice.send(send("after" + i));
                assertThat(tight.commands.next()).as("after" + i).isInstanceOf(SendCommand.class);
            }
            alice.send(send("after4"));
            assertThat(alice.next().path("code").asText()).isEqualTo("rate_limited");
        }
    }

    @Test
    void aSessionThatClosesWithoutItsAckDoesNotHoldTheNodeBack() throws Exception {
        WsClient gone = edge.connect("alice");
        gone.next();
        for (int i = 1; i <= BACKLOG; i++) {
            gone.send(send("a" + i));
            edge.commands.next();
        }
        gone.close();
        edge.clock.advance(Duration.ofSeconds(2));
        try (WsClient bob = edge.connect("bob")) {
            bob.next();
            bob.send(send("b1"));
            assertThat(edge.commands.next()).as("alice's unanswered sends went with her session").isNotNull();
        }
    }

    /**
     * Alice's conversation is stalled (its partition's task does not run): her sends are never
     * answered. Bob's are answered in 100 ms, so the pipeline keeps up and his sends go on being
     * admitted; the node used to refuse everyone's until hers were forgotten after 30 s.
     */
    @Test
    void sendsStalledInOnePartOfThePipelineDoNotStopTheOthers() throws Exception {
        try (WsClient alice = edge.connect("alice"); WsClient bob = edge.connect("bob")) {
            alice.next();
            String bobSession = bob.next().path("sessionId").asText();
            for (int i = 1; i <= BACKLOG; i++) {
                alice.send(send("a" + i));
                edge.commands.next();
            }
            for (int j = 1; j <= 12; j++) {
                bob.send(send("b" + j));
                assertThat(edge.commands.next()).as("b%d, alice's oldest waiting %d ms", j, (j - 1) * 500)
                        .isInstanceOfSatisfying(SendCommand.class, s -> assertThat(s.userId()).isEqualTo("bob"));
                edge.clock.advance(Duration.ofMillis(100));
                edge.channels.publish("edge-test", NodeEnvelope.toSession(bobSession,
                        new AckFrame("b" + j, "k", j, "m" + j, EdgeHarness.T0)));
                assertThat(bob.next().path("type").asText()).isEqualTo("ack");
                edge.clock.advance(Duration.ofMillis(400));
            }
        }
    }

    /**
     * A topology instance dies: its open transaction holds back this node's reply partition, and no
     * answer arrives for seconds. Sends go on being admitted for {@code edge.overload.stall-grace}
     * (2 s here, so that the backlog is refused for before its sends count as stuck after 5 s), are
     * refused past it, and the stall's backlog answered late afterwards is no overload.
     */
    @Test
    void aFailoversSilenceIsWaitedOutAndTheBacklogAnsweredAfterItIsNoOverload() throws Exception {
        try (EdgeHarness node = new EdgeHarness(Map.of("edge.limits.send-rate", "1000",
                "edge.limits.send-burst", "1000", "edge.overload.stall-grace", "2s"));
             WsClient alice = node.connect("alice"); WsClient bob = node.connect("bob")) {
            String aliceSession = alice.next().path("sessionId").asText();
            bob.next();
            for (int i = 1; i <= BACKLOG; i++) {
                alice.send(send("a" + i));
                node.commands.next();
            }
            node.clock.advance(Duration.ofMillis(1500));
            bob.send(send("b1"));
            assertThat(node.commands.next()).as("1.5 s without any answer: a stall, waited out").isNotNull();

            node.clock.advance(Duration.ofMillis(1000));
            bob.send(send("b2"));
            assertThat(bob.next().path("code").asText()).as("past the grace").isEqualTo("unavailable");

            for (int i = 1; i <= BACKLOG / 2; i++) {
                node.channels.publish("edge-test", NodeEnvelope.toSession(aliceSession,
                        new AckFrame("a" + i, "k", i, "m" + i, EdgeHarness.T0)));
                assertThat(alice.next().path("type").asText()).isEqualTo("ack");
            }
            bob.send(send("b2"));
            assertThat(node.commands.next()).as("answers are back; the rest of the stall's backlog is no overload")
                    .isInstanceOfSatisfying(SendCommand.class, c -> assertThat(c.clientMsgId()).isEqualTo("b2"));
        }
    }
}
