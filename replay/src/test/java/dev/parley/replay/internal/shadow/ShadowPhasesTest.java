package dev.parley.replay.internal.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.topic.Topics;
import dev.parley.topology.ParleyTopology;
import dev.parley.topology.TopologyConfig;
import dev.parley.topology.TopologyTopics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both phases of a shadow run build a valid topology that reads only what the phase should: Kafka
 * Streams refuses a topic feeding two sources, which the edges' command topic (read by stage 2
 * beside stage 1's output) would otherwise do with the idle topic.
 */
class ShadowPhasesTest {
    private static final String PREFIX = "parley.shadow.r1.";
    private final TopologyTopics shadow = TopologyTopics.shadow(PREFIX);

    @TempDir
    Path stateDir;

    private Set<String> sources(TopologyTopics topics) {
        Settings s = Settings.of(Map.of(TopologyConfig.STATE_DIR, stateDir.toString()));
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        TopologyDescription d = ParleyTopology.build(c.withTopics(topics)).describe();
        Set<String> out = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : d.subtopologies()) {
            for (TopologyDescription.Node n : sub.nodes()) {
                if (n instanceof TopologyDescription.Source src) {
                    out.addAll(src.topicSet());
                }
            }
        }
        return out;
    }

    @Test
    void theGatePhaseReadsTheMergedCopyAndStageTwoReadsOnlyEmptyTopics() {
        assertThat(sources(ShadowRunner.gateOnly(shadow))).containsExactlyInAnyOrder(
                PREFIX + Topics.COMMANDS.name(), Topics.MEMBERSHIPS.name(),
                ShadowRunner.idleTopic(shadow), ShadowRunner.idleEdgeTopic(shadow));
    }

    @Test
    void theSequencePhaseReadsStageOnesOutputAndNeverTheEdgesCommands() {
        assertThat(sources(ShadowRunner.sequenceOnly(shadow))).containsExactlyInAnyOrder(
                ShadowRunner.idleTopic(shadow), Topics.MEMBERSHIPS.name(),
                PREFIX + Topics.COMMANDS_BY_CONVERSATION.name(), ShadowRunner.idleEdgeTopic(shadow));
    }

    @Test
    void cleaningARunDeletesBothEmptyTopics() {
        assertThat(ShadowRunner.topicsOf(shadow)).contains(PREFIX + "parley.idle.v1", PREFIX + "parley.idle-edge.v1")
                .noneMatch(t -> !t.startsWith(PREFIX));
    }
}
