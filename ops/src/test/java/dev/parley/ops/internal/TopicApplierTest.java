package dev.parley.ops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.ops.ApplyReport;
import dev.parley.ops.ApplyReport.Kind;
import dev.parley.ops.OpsException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicApplierTest {
    private static final String YAML = """
            defaults:
              replicationFactor: 1
              configs:
                min.insync.replicas: "1"
            topics:
              - name: t.log
                partitions: 6
                retention: forever
              - name: t.table
                partitions: 3
                cleanupPolicy: compact
                configs:
                  min.compaction.lag.ms: "60000"
            """;
    private final TopicsFile file = TopicsYaml.parse(new StringReader(YAML), "test");
    private final InMemoryTopicAdmin admin = new InMemoryTopicAdmin();

    @Test
    void missingTopicsAreCreatedWithTheirConfigsThenASecondRunChangesNothing() {
        ApplyReport first = TopicApplier.apply(file, 0, admin);
        assertThat(first.created()).containsExactly("t.log", "t.table");
        assertThat(admin.topics.get("t.log").partitions()).isEqualTo(6);
        assertThat(admin.topics.get("t.log").replicationFactor()).isEqualTo(1);
        assertThat(admin.topics.get("t.log").configs()).containsEntry("retention.ms", "-1")
                .containsEntry("cleanup.policy", "delete").containsEntry("min.insync.replicas", "1");
        assertThat(admin.topics.get("t.table").configs()).containsEntry("cleanup.policy", "compact")
                .containsEntry("min.compaction.lag.ms", "60000");
        assertThat(first.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("created t."));

        int calls = admin.calls;
        ApplyReport second = TopicApplier.apply(file, 0, admin);
        assertThat(second.isEmpty()).isTrue();
        assertThat(second).hasToString("no changes");
        assertThat(admin.calls).isEqualTo(calls);
    }

    @Test
    void theReplicationFactorArgumentOverridesTheFileForNewTopics() {
        TopicApplier.apply(file, 3, admin);
        assertThat(admin.topics.get("t.log").replicationFactor()).isEqualTo(3);
    }

    @Test
    void minInsyncReplicasOverridesTheFileOnEveryTopicNewOrExistingAndMayNotExceedTheReplicationFactor() {
        TopicApplier.apply(file, 1, admin);
        ApplyReport raised = TopicApplier.apply(file, 3, 2, admin);
        assertThat(admin.topics.get("t.log").configs()).containsEntry("min.insync.replicas", "2");
        assertThat(admin.topics.get("t.table").configs()).containsEntry("min.insync.replicas", "2")
                .containsEntry("min.compaction.lag.ms", "60000");
        assertThat(raised.toString()).contains("min.insync.replicas=2 (was 1)");

        InMemoryTopicAdmin fresh = new InMemoryTopicAdmin();
        assertThatThrownBy(() -> TopicApplier.apply(file, 1, 2, fresh)).isInstanceOf(OpsException.class)
                .hasMessageContaining("exceeds the replication factor 1");
        assertThat(fresh.topics).isEmpty();
    }

    @Test
    void partitionsAreRaisedButNeverLowered() {
        admin.create("t.log", 2, (short) 1, Map.of("cleanup.policy", "delete", "retention.ms", "-1",
                "min.insync.replicas", "1"));
        admin.create("t.table", 12, (short) 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000",
                "min.insync.replicas", "1"));
        ApplyReport r = TopicApplier.apply(file, 0, admin);
        assertThat(r.of(Kind.PARTITIONS_RAISED)).singleElement()
                .satisfies(c -> assertThat(c.detail()).isEqualTo("2 -> 6"));
        assertThat(admin.topics.get("t.log").partitions()).isEqualTo(6);
        assertThat(r.warnings()).singleElement().satisfies(c -> {
            assertThat(c.topic()).isEqualTo("t.table");
            assertThat(c.detail()).contains("never lowered");
        });
        assertThat(admin.topics.get("t.table").partitions()).isEqualTo(12);
    }

    @Test
    void onlyDifferingConfigsAreSetAndOtherTopicsAreLeftAlone() {
        admin.create("t.log", 6, (short) 1, Map.of("cleanup.policy", "delete", "retention.ms", "604800000",
                "min.insync.replicas", "1"));
        admin.create("unlisted", 1, (short) 1, Map.of());
        ApplyReport r = TopicApplier.apply(file, 0, admin);
        assertThat(r.of(Kind.CONFIG_UPDATED)).singleElement().satisfies(c -> {
            assertThat(c.topic()).isEqualTo("t.log");
            assertThat(c.detail()).isEqualTo("retention.ms=-1 (was 604800000)");
        });
        assertThat(admin.topics.get("t.log").configs()).containsEntry("retention.ms", "-1");
        assertThat(admin.topics).containsKey("unlisted");
    }
}
