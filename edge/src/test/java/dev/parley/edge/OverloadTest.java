package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.redis.NodeEnvelope;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Overload shedding through the real WebSocket server: while the node's oldest send has waited
 * longer than {@code edge.overload.max-ack-delay} (750 ms) for its ack, a new send is refused with
 * {@code unavailable} and {@code retryAfterMs} and never reaches the log; once answers flow, sends
 * are admitted again. The clock is moved by hand.
 */
class OverloadTest {
    private final EdgeHarness edge = new EdgeHarness();

    @AfterEach
    void stop() {
        edge.close();
    }

    private static String send(String clientMsgId) {
        return "{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\",\"conversationId\":\"k\",\"body\":\"hi\"}";
    }

    @Test
    void aSendIsRefusedWithRetryAfterWhileThePipelineIsBehindAndAdmittedOnceAcksFlow() throws Exception {
        try (WsClient alice = edge.connect("alice"); WsClient bob = edge.connect("bob")) {
            String aliceSession = alice.next().path("sessionId").asText();
            bob.next();
            alice.send(send("a1"));
            assertThat(edge.commands.next()).isInstanceOf(SendCommand.class);

            edge.clock.advance(Duration.ofMillis(1000)); // a1 has waited 1 s for its ack
            bob.send(send("b1"));
            JsonNode refused = bob.next();
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("code").asText()).isEqualTo("unavailable");
            assertThat(refused.path("clientMsgId").asText()).isEqualTo("b1");
            assertThat(refused.path("retryAfterMs").asLong()).isBetween(250L, 2000L);
            assertThat(edge.commands.poll(200)).as("a refused send never reaches the log").isNull();

            edge.channels.publish("edge-test", NodeEnvelope.toSession(aliceSession,
                    new AckFrame("a1", "k", 1, "m1", EdgeHarness.T0)));
            assertThat(alice.next().path("type").asText()).isEqualTo("ack");
            bob.send(send("b1"));
            assertThat(edge.commands.next()).isInstanceOfSatisfying(SendCommand.class,
                    s -> assertThat(s.clientMsgId()).isEqualTo("b1"));
        }
    }

    @Test
    void aSessionThatClosesWithoutItsAckDoesNotHoldTheNodeBack() throws Exception {
        WsClient gone = edge.connect("alice");
        gone.next();
        gone.send(send("a1"));
        edge.commands.next();
        gone.close();
        edge.clock.advance(Duration.ofSeconds(2));
        try (WsClient bob = edge.connect("bob")) {
            bob.next();
            bob.send(send("b1"));
            assertThat(edge.commands.next()).as("alice's unanswered send went with her session").isNotNull();
        }
    }
}
