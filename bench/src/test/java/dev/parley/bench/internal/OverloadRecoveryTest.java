package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OverloadRecoveryTest {
    private static final long T0 = 1_000_000_000_000L;
    private static final Duration LIMIT = Duration.ofMillis(250);

    private static void deliveries(Timeline t, int from, int to, long ms) {
        for (int s = from; s < to; s++) {
            for (int i = 0; i < 10; i++) {
                t.delivery(T0 + s * 1_000_000_000L + i, ms * 1_000_000L);
            }
        }
    }

    @Test
    void recoveryCountsFromTheOverloadsLastSendAndItsLateBacklogCounts() {
        Timeline t = new Timeline(T0);
        deliveries(t, 0, 30, 3000);   // the overload step
        deliveries(t, 30, 37, 1500);  // its backlog, delivered after it ended at 29.5 s
        deliveries(t, 37, 62, 40);    // the ordinary step after it, from 31.5 s
        OverloadRecovery r = new OverloadRecovery(3200, 29.5, 100, 31.5, 61.5);
        assertThat(r.recoverySeconds(t.seconds(), LIMIT)).isEqualTo(7.5);
        JsonNode o = r.summarise(t, LIMIT);
        assertThat(o.path("recovery_seconds").asDouble()).isEqualTo(7.5);
        assertThat(o.path("delivery_p99_ms_from_target").asDouble()).as("from 35 s: the backlog's tail and the step")
                .isGreaterThan(1000);
    }

    @Test
    void aStepStillLateAtItsEndNeverRecovered() {
        Timeline t = new Timeline(T0);
        deliveries(t, 0, 62, 3000);
        assertThat(new OverloadRecovery(3200, 29.5, 100, 31.5, 61.5).recoverySeconds(t.seconds(), LIMIT)).isEqualTo(-1);
    }

    @Test
    void theReportSaysHowSoonLatencyWasBack() {
        var r = Json.mapper().createObjectNode().put("profile", "pairs");
        r.putObject("config");
        var steps = r.putArray("steps");
        steps.addObject().put("step", "after-3200").put("offered_per_second", 100).put("delivery_p50_ms", 30)
                .put("delivery_p99_ms", 90);
        Timeline t = new Timeline(T0);
        deliveries(t, 0, 32, 40);
        r.set("after_overload", new OverloadRecovery(3200, 29.5, 100, 31.5, 31.9).summarise(t, LIMIT));
        String md = PairsReport.render(r);
        assertThat(md).contains("| 100 (right after 3200) |")
                .contains("Right after the 3200 msgs/s step (no wait for its backlog), 100 msgs/s: the per-second delivery p99 "
                        + "was within the limit for good **0.0 s** after the overload's last send (target: 5 s).");
    }
}
