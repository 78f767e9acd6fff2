package dev.parley.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceHashTest {
    @Test
    void keepsOnlyNodesWhoseVouchIsInTheFuture() {
        Map<String, String> fields = Map.of("edge-a", "2000", "edge-b", "1000", "edge-c", "999", "edge-d", "soon");

        assertThat(PresenceHash.liveNodes(fields, 1000)).containsExactly("edge-a");
    }

    @Test
    void noFieldsMeansOffline() {
        assertThat(PresenceHash.liveNodes(Map.of(), 0)).isEmpty();
    }

    @Test
    void onlyWhatAVouchWritesIsHonoured() {
        Map<String, String> fields = Map.of("edge-a", " 2000", "edge-b", "2000 ", "edge-c", "", "edge-d",
                PresenceHash.vouch(2000));

        assertThat(PresenceHash.liveNodes(fields, 1000)).containsExactly("edge-d");
    }
}
