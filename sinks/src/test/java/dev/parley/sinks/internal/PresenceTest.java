package dev.parley.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceTest {
    @Test
    void keepsOnlyNodesWhoseVouchIsInTheFuture() {
        Map<String, String> fields = Map.of("edge-a", "2000", "edge-b", "1000", "edge-c", "999", "edge-d", "soon");

        assertThat(Presence.liveNodes(fields, 1000)).containsExactly("edge-a");
    }

    @Test
    void noFieldsMeansOffline() {
        assertThat(Presence.liveNodes(Map.of(), 0)).isEmpty();
    }
}
