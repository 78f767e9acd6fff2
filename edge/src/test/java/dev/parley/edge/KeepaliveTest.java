package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.client.RawWebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keepalive without chores (issue 9): the edge pings every socket, a pong counts as liveness, so a
 * client that only listens (and answers pings, as browsers do by themselves) outlives the idle
 * timeout, while one that answers nothing is still found and closed. Real time, short intervals.
 */
class KeepaliveTest {
    private final EdgeHarness edge = new EdgeHarness(Map.of("edge.idle-timeout", "1s", "edge.ping-interval", "200ms"),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void aClientThatOnlyAnswersPingsStaysAndOneThatAnswersNothingIsClosed() throws Exception {
        edge.services.start();
        Map<String, String> alice = Map.of("Authorization", "Bearer " + edge.token("alice"));
        Map<String, String> bob = Map.of("Authorization", "Bearer " + edge.token("bob"));
        try (RawWebSocket listening = RawWebSocket.open(edge.ws("/ws"), alice, true);
             RawWebSocket deaf = RawWebSocket.open(edge.ws("/ws"), bob, false)) {
            listening.await(f -> "ready".equals(f.path("type").asText()), Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> edge.services.hub().registry().users().equals(
                    java.util.Set.of("alice")));
            Thread.sleep(3000); // three idle timeouts without a single frame from alice
            assertThat(edge.services.hub().registry().users()).containsExactly("alice");
            assertThat(listening.closed()).isNotDone();
        }
    }

    @Test
    void pingIntervalIsAtMostHalfTheIdleTimeout() {
        EdgeHarness fast = new EdgeHarness(Map.of("edge.idle-timeout", "3s"));
        try {
            assertThat(fast.config.pingInterval()).isEqualTo(Duration.ofSeconds(25));
            assertThat(fast.config.effectivePingInterval()).isEqualTo(Duration.ofMillis(1500));
        } finally {
            fast.close();
        }
    }
}
