package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restarted Redis has lost every presence vouch; until they are written again the delivery
 * router drops this node's users' deliveries. The edge must write them again as soon as it is
 * reconnected, not at the next heartbeat (ttl / 3 later).
 */
class PresenceReconnectTest {
    // A heartbeat would also restore the vouch: with this ttl the first one is 8 h away, so within
    // the test only the reconnect hook can (before, the 5 s wait merely undercut a 10 s heartbeat).
    private final EdgeHarness edge = new EdgeHarness(Map.of("edge.presence-ttl", "24h"));

    @AfterEach
    void close() {
        edge.close();
    }

    @Test
    void vouchesAreWrittenAgainRightAfterTheStoreComesBack() throws Exception {
        edge.services.start();
        try (WsClient alice = edge.connect("alice")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.presence.nodesOfNow(List.of("alice")).containsKey("alice"));

            edge.presence.restartStore();

            await().atMost(Duration.ofSeconds(5)).until(() -> edge.presence.nodesOfNow(List.of("alice")).containsKey("alice"));
            assertThat(edge.presence.nodesOfNow(List.of("alice")).get("alice")).containsExactly("edge-test");
        }
    }
}
