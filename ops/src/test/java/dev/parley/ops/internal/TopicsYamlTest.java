package dev.parley.ops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.topic.Topics;
import dev.parley.ops.OpsException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TopicsYamlTest {

    /** Keeps the catalogue in common and the yaml in step: same names, same order. */
    @Test
    void topicsYamlListsExactlyTheCatalogueInItsOrder() {
        TopicsFile file = TopicsYaml.read(repoRoot().resolve("topics.yaml"));
        assertThat(file.names()).containsExactlyElementsOf(Topics.ALL.stream().map(t -> t.name()).toList());
        assertThat(file.topics()).allSatisfy(t -> {
            assertThat(t.partitions()).as(t.name()).isPositive();
            assertThat(t.why()).as(t.name() + " explains why").isNotBlank();
        });
        assertThat(file.defaultReplicationFactor()).isEqualTo(1);
    }

    @Test
    void theMessageLogIsKeptForeverAndMembershipsAreCompacted() {
        TopicsFile file = TopicsYaml.read(repoRoot().resolve("topics.yaml"));
        TopicSpec messages = byName(file, Topics.MESSAGES.name());
        assertThat(messages.effectiveConfigs(file.defaultConfigs()))
                .containsEntry("retention.ms", "-1").containsEntry("cleanup.policy", "delete")
                .containsEntry("min.insync.replicas", "1");
        TopicSpec memberships = byName(file, Topics.MEMBERSHIPS.name());
        assertThat(memberships.effectiveConfigs(file.defaultConfigs()))
                .containsEntry("cleanup.policy", "compact").containsEntry("max.message.bytes", "2097152")
                .doesNotContainKey("retention.ms");
    }

    @Test
    void retentionsConvertToMilliseconds() {
        assertThat(TopicSpec.retentionMs("7d")).isEqualTo(604_800_000L);
        assertThat(TopicSpec.retentionMs("1d")).isEqualTo(86_400_000L);
        assertThat(TopicSpec.retentionMs("30d")).isEqualTo(2_592_000_000L);
        assertThat(TopicSpec.retentionMs("12h")).isEqualTo(43_200_000L);
        assertThat(TopicSpec.retentionMs("500ms")).isEqualTo(500L);
        assertThat(TopicSpec.retentionMs("forever")).isEqualTo(-1L);
        assertThatThrownBy(() -> TopicSpec.retentionMs("a week")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypoInAKeyIsAnErrorNotASilentDefault() {
        assertThatThrownBy(() -> parse("topics:\n  - name: a\n    partitions: 1\n    retension: 7d\n"))
                .isInstanceOf(OpsException.class).hasMessageContaining("unknown key 'retension'");
    }

    @Test
    void missingPartitionsDuplicatesAndBadRetentionAreErrors() {
        assertThatThrownBy(() -> parse("topics:\n  - name: a\n")).hasMessageContaining("'partitions' is required");
        assertThatThrownBy(() -> parse("topics:\n  - {name: a, partitions: 1}\n  - {name: a, partitions: 2}\n"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> parse("topics:\n  - {name: a, partitions: 1, retention: soon}\n"))
                .hasMessageContaining("retention 'soon'");
        assertThatThrownBy(() -> parse("topics: []\n")).hasMessageContaining("non-empty list");
    }

    @Test
    void unquotedConfigValuesBecomeStrings() {
        TopicsFile f = parse("topics:\n  - {name: a, partitions: 2, configs: {max.message.bytes: 2097152}}\n");
        assertThat(f.topics().get(0).configs()).containsEntry("max.message.bytes", "2097152");
        assertThat(f.topics().get(0).cleanupPolicy()).isEqualTo("delete");
    }

    private static TopicsFile parse(String yaml) {
        return TopicsYaml.parse(new StringReader(yaml), "test.yaml");
    }

    private static TopicSpec byName(TopicsFile f, String name) {
        return f.topics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    static Path repoRoot() {
        String home = System.getProperty("parley.home");
        Path dir = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("topics.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a parent directory holding topics.yaml").isNotNull();
        return dir;
    }
}
