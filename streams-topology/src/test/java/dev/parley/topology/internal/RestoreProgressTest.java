package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.observe.Observability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RestoreProgress progress = new RestoreProgress(registry);
    final TopicPartition dedupe0 = new TopicPartition("app-dedupe-changelog", 0);
    final TopicPartition dedupe1 = new TopicPartition("app-dedupe-changelog", 1);
    final TopicPartition members0 = new TopicPartition("app-members-changelog", 0);

    double remaining() {
        return registry.get(RestoreProgress.REMAINING).gauge().value();
    }

    double restored(String store) {
        return registry.get(RestoreProgress.RECORDS).tag("store", store).counter().count();
    }

    @Test
    void remainingIsSummedAcrossPartitionsAndFallsToZeroWhenDone() {
        assertThat(remaining()).isZero();
        progress.onRestoreStart(dedupe0, "dedupe", 100, 200); // offsets 100..199
        progress.onRestoreStart(dedupe1, "dedupe", 0, 50);
        progress.onRestoreStart(members0, "members", 10, 20);
        assertThat(remaining()).isEqualTo(160);

        progress.onBatchRestored(dedupe0, "dedupe", 149, 48); // 50 offsets read, 2 of them transaction markers
        assertThat(remaining()).isEqualTo(110);
        assertThat(restored("dedupe")).isEqualTo(48);
        assertThat(restored("members")).isZero();

        progress.onBatchRestored(members0, "members", 19, 10);
        progress.onRestoreEnd(members0, "members", 10);
        assertThat(remaining()).isEqualTo(100);
        assertThat(restored("members")).isEqualTo(10);

        progress.onRestoreSuspended(dedupe1, "dedupe", 0); // the task moved away
        progress.onBatchRestored(dedupe0, "dedupe", 199, 50);
        progress.onRestoreEnd(dedupe0, "dedupe", 98);
        assertThat(remaining()).isZero();
        assertThat(restored("dedupe")).isEqualTo(98);
    }

    @Test
    void prometheusNames() {
        try (Observability obs = Observability.inMemory("topology")) {
            RestoreProgress p = new RestoreProgress(obs.meters());
            p.onRestoreStart(dedupe0, "dedupe", 0, 10);
            p.onBatchRestored(dedupe0, "dedupe", 3, 4);
            String scrape = obs.meters().scrape();
            assertThat(Scrape.value(scrape, "parley_topology_restore_records_total", "store", "dedupe")).isEqualTo(4.0);
            assertThat(Scrape.value(scrape, "parley_topology_restore_remaining")).isEqualTo(6.0);
        }
    }
}
