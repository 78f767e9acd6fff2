package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restarted Redis has lost every presence vouch; until they are written again the delivery
 * router drops this node's users' deliveries. The edge must write them again as soon as it is
 * reconnected, not at the next heartbeat (ttl / 3 later).
 */
class PresenceReconnectTest {
    private final EdgeHarness edge = new EdgeHarness();

    @AfterEach
    void close() {
        edge.close();
    }

    @Test
    void vouchesAreWrittenAgainRightAfterTheStoreComesBack() throws Exception {
        edge.services.start();
        try (WsClient alice = edge.connect("alice")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.presence.nodesOf(List.of("alice")).containsKey("alice"));

            edge.presence.restartStore();

            // The clock does not move, so no heartbeat is due: only the reconnect hook can restore it.
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.presence.nodesOf(List.of("alice")).containsKey("alice"));
            assertThat(edge.presence.nodesOf(List.of("alice")).get("alice")).containsExactly("edge-test");
        }
    }
}
