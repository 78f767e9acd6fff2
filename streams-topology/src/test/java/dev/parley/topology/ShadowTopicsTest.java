package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.SendCommand;
import dev.parley.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shadow run reads the live memberships and its copy of the commands, and writes nothing but its own topics. */
class ShadowTopicsTest {
    private static final String PREFIX = "parley.shadow.t1.";

    @TempDir
    Path stateDir;

    private TopologyConfig config() {
        Settings s = Settings.of(Map.of(TopologyConfig.STATE_DIR, stateDir.toString()));
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        return c.withTopics(TopologyTopics.shadow(PREFIX));
    }

    @Test
    void everyTopicIsAShadowTopicButTheLiveMemberships() {
        TopologyDescription d = ParleyTopology.build(config()).describe();
        Set<String> sources = new TreeSet<>();
        Set<String> sinks = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : d.subtopologies()) {
            for (TopologyDescription.Node n : sub.nodes()) {
                if (n instanceof TopologyDescription.Source s) {
                    sources.addAll(s.topicSet());
                } else if (n instanceof TopologyDescription.Sink s) {
                    sinks.add(s.topic());
                }
            }
        }
        assertThat(sinks).isNotEmpty().allMatch(t -> t.startsWith(PREFIX));
        assertThat(sinks).containsExactlyInAnyOrderElementsOf(TopologyTopics.shadow(PREFIX).written().keySet());
        assertThat(sources).containsExactlyInAnyOrder(PREFIX + Topics.COMMANDS.name(), Topics.MEMBERSHIPS.name(),
                PREFIX + Topics.COMMANDS_BY_CONVERSATION.name(), PREFIX + Topics.COMMANDS_V2.name());
    }

    @Test
    void aSendOnTheShadowInputsIsSequencedIntoTheShadowLogAndAnUnreadableCommandIntoTheShadowDeadLetters() {
        TopologyConfig c = config();
        try (TopologyTestDriver driver = new TopologyTestDriver(ParleyTopology.build(c), c.streamsProperties(),
                Harness.START)) {
            driver.createInputTopic(Topics.MEMBERSHIPS.name(), new StringSerializer(),
                    Topics.MEMBERSHIPS.valueSerde().serializer()).pipeInput("c1",
                    new ConversationMembers("c1", "group", "t", List.of("u1", "u2"), 1, Harness.START), Harness.START);
            var commands = driver.createInputTopic(PREFIX + Topics.COMMANDS.name(), new StringSerializer(),
                    Topics.COMMANDS.valueSerde().serializer());
            commands.pipeInput("u1", new SendCommand("u1", "c1", "m1", "id-1", "hello", Harness.origin("u1"),
                    Harness.START), Harness.START);
            driver.createInputTopic(PREFIX + Topics.COMMANDS.name(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("u1", "not json".getBytes(StandardCharsets.UTF_8), Harness.START);

            List<Message> shadow = driver.createOutputTopic(PREFIX + Topics.MESSAGES.name(),
                    Topics.MESSAGES.keySerde().deserializer(), Topics.MESSAGES.valueSerde().deserializer())
                    .readValuesToList();
            assertThat(shadow).extracting(Message::seq, Message::body).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1L, "hello"));
            assertThat(driver.createOutputTopic(PREFIX + Topics.DEAD_LETTERS.name(),
                    Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer())
                    .readValuesToList()).hasSize(1);
            // Besides its own changelogs (named after its application id), only shadow topics.
            assertThat(driver.producedTopicNames()).isNotEmpty()
                    .allMatch(t -> t.startsWith(PREFIX) || t.startsWith(c.applicationId() + "-"));
        }
    }
}
