package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.frame.TypingFrame;
import dev.parley.common.redis.NodeEnvelope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis pub/sub keeps nothing for a subscriber that is away: whatever was routed to this node
 * while its channel was down is lost. When the channel is back, every session is closed with 1001
 * so that its client reconnects and catches up from history at once, instead of finding the gap
 * at its next message (issue 12: after a Redis restart the slowest client noticed after 98 s).
 */
class ChannelGapTest {
    private final EdgeHarness edge = new EdgeHarness();

    @AfterEach
    void close() {
        edge.close();
    }

    @Test
    void afterAGapEverySessionIsToldToReconnectAndPresenceIsLeftAlone() throws Exception {
        try (WsClient alice = edge.connect("alice"); WsClient bob = edge.connect("bob")) {
            alice.next();
            bob.next();
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.presence.nodesOfNow(List.of("alice", "bob")).size() == 2);

            edge.channels.disconnect("edge-test");
            edge.channels.publish("edge-test", NodeEnvelope.toUsers(List.of("alice"), new TypingFrame("k", "carol")));
            edge.channels.reconnect("edge-test");

            assertThat(alice.closeCode()).isEqualTo(1001);
            assertThat(bob.closeCode()).isEqualTo(1001);
            assertThat(alice.unread()).as("the envelope published during the gap is lost").isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.services.hub().registry().size() == 0);
            // They are back in a moment: "offline" would only flap, and the router would drop what is
            // routed to them meanwhile.
            assertThat(edge.presence.nodesOfNow(List.of("alice", "bob"))).containsOnlyKeys("alice", "bob");
        }
        try (WsClient again = edge.connect("alice")) {
            assertThat(again.next().path("type").asText()).isEqualTo("ready");
            edge.channels.publish("edge-test", NodeEnvelope.toUsers(List.of("alice"), new TypingFrame("k", "carol")));
            assertThat(again.next().path("type").asText()).isEqualTo("typing");
        }
    }

    @Test
    void aSessionClosedAnyOtherWayStillTurnsItsUserOffline() throws Exception {
        try (WsClient alice = edge.connect("alice")) {
            alice.next();
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.presence.nodesOfNow(List.of("alice")).size() == 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.presence.nodesOfNow(List.of("alice")).isEmpty());
    }
}
