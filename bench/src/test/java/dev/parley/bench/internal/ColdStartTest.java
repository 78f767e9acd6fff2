package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartTest {
    private static final long S = 1_000_000_000L;
    private static final Duration LIMIT = Duration.ofMillis(250);

    /** One delivery per second from {@code from} to {@code to}, each {@code ms} late. */
    private static void deliveries(Timeline t, int from, int to, long ms) {
        for (int s = from; s < to; s++) {
            t.delivery(s * S + 1, ms * 1_000_000L);
        }
    }

    @Test
    void settlesAtTheFirstSecondAfterWhichNoSecondOfTheWarmUpIsOver() {
        Timeline t = new Timeline(0);
        deliveries(t, 10, 20, 3_000);
        deliveries(t, 20, 25, 40);
        deliveries(t, 25, 26, 900); // a relapse: the earlier calm seconds do not count
        deliveries(t, 26, 70, 40);
        deliveries(t, 70, 80, 5_000); // after the warm-up: not its business
        ColdStart cs = new ColdStart(5, 9, 10, 70);
        assertThat(cs.settledAt(t.seconds(), LIMIT)).isEqualTo(26);
    }

    @Test
    void aWarmUpStillOverAtItsEndNeverSettled() {
        Timeline t = new Timeline(0);
        deliveries(t, 10, 70, 40);
        deliveries(t, 69, 70, 1_000);
        assertThat(new ColdStart(5, 9, 10, 70).settledAt(t.seconds(), LIMIT)).isEqualTo(-1);
    }

    @Test
    void theTargetWindowStartsThirtySecondsAfterReady() {
        Timeline t = new Timeline(0);
        deliveries(t, 10, 30, 4_000);
        deliveries(t, 30, 70, 40);
        ProcessCpu cpu = new ProcessCpu();
        ObjectNode o = new ColdStart(5, 9, 10, 70).summarise(t, cpu.rows(), LIMIT);
        assertThat(o.path("target_from_second").asLong()).isEqualTo(30);
        assertThat(o.path("delivery_p99_ms_from_target").asDouble()).isBetween(39.0, 41.0);
        assertThat(t.percentile(10, 70, 99)).isGreaterThan(3_000);
    }

    @Test
    void coresAreMeanPerPartOverTheWindow() {
        List<ProcessCpu.Row> rows = List.of(new ProcessCpu.Row(0, "edge", 1, 50), new ProcessCpu.Row(1, "edge", 1, 150),
                new ProcessCpu.Row(1, "kafka", 2, 20), new ProcessCpu.Row(2, "edge", 1, 100));
        assertThat(ColdStart.cores(rows, 0, 2)).containsEntry("edge", 1.0).containsEntry("kafka", 0.1);
    }
}
