package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.BenchConfig;
import dev.parley.bench.RunLog;
import dev.parley.bench.Violation;
import dev.parley.common.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The results document has every key the issue asks for, and the report shows them. */
class ResultsJsonTest {
    private static final Percentiles P = new Percentiles(10, 1.5, 9, 12, 20);

    @Test
    void everyRequiredKeyIsThereAndTheReportShowsTheHeadlines() {
        ResultsJson r = new ResultsJson(BenchConfig.from("quick", Settings.of(Map.of())), Map.of("topology.rate.burst", "9"));
        r.stackStarted(61.2);
        r.rawLimits(new RawLimits.Result(20_000, 3_000, 40_000, 335));
        r.fixed(new LoadPhases.Step("fixed", 50, 500, 49, 0.99, P, P, true));
        r.knee(List.of(new LoadPhases.Step("knee-50", 50, 300, 48, 0.99, P, P, true),
                new LoadPhases.Step("knee-100", 100, 600, 60, 0.6, P, P, false)), 48);
        r.fanout(new Fanout.Result(1000, 200, 3, P, 40, Map.of("parley.messages.v1", 2.0), 2, 0), true);
        r.capacity(new Capacity.Result(2000, "max", 1, 1_000, 35_000_000, 10, 80_000_000));
        r.fault(new Chaos.FaultResult("sinks", 12.5, 14.0, 300, 120, 13_000, List.of(),
                new Disturbance(3, 118, 40, 12, new Disturbance.Last(-0.5, 13.2, 14.5, 2, true))));
        r.fault(new Chaos.FaultResult("redis", 2.1, -1, 90, 30, 9_000));
        r.fault(new Chaos.FaultResult("topology-rolling", 41.2, 35.1, 2075, 234, 4_034,
                List.of(new RollingSteps.Step("topology", 10.2, 900, 130, 120, 2_900, 4_034, 7)), Disturbance.NONE));
        r.fault(new Chaos.FaultResult("sinks-rolling", 60.3, 12.0, 2100, 40, 2_500,
                List.of(new RollingSteps.Step("sinks", 50.1, 1000, 131, 90, 1_800, 2_500, 3),
                        new RollingSteps.Step("sinks-2", 49.8, 1100, 129, 80, 1_500, 1_900, 0)), Disturbance.NONE));
        Violation v = new Violation(Violation.Kind.GAP, "c1", List.of(4L), "");
        r.consistency(List.of(v), new RunLog(List.of(), List.of(), List.of(), Map.of(), Map.of()), Map.of("chaos:sinks", 1), 7);
        r.timeline(new Timeline(0));
        JsonNode j = r.json();

        assertThat(j.path("throughput_msgs_per_s").asDouble()).isEqualTo(48);
        for (String key : List.of("ack_latency_ms", "delivery_latency_ms")) {
            assertThat(j.path(key).has("p50") && j.path(key).has("p99") && j.path(key).has("p999") && j.path(key).has("max"))
                    .as(key).isTrue();
        }
        assertThat(j.path("connections").path("max_open").asInt()).isEqualTo(2000);
        assertThat(j.path("connections").path("heap_bytes_per_connection").asLong()).isEqualTo(17_500);
        assertThat(j.path("fanout").path("reduced_from_10000_members_1000_online").asBoolean()).isTrue();
        assertThat(j.path("raw_limits").path("slowest").asText()).isEqualTo("cql");
        assertThat(j.path("raw_limits").path("parley_throughput_ratio_to_slowest").asDouble()).isEqualTo(0.016);
        assertThat(j.path("consistency").path("violations").asInt()).isEqualTo(1);
        assertThat(j.path("chaos").path("sinks").path("recovery_seconds").asDouble()).isEqualTo(14.0);
        assertThat(j.path("chaos").path("sinks").path("violations").asInt()).isEqualTo(1);
        assertThat(j.path("chaos").path("redis").path("recovery_seconds").isNull()).isTrue();
        JsonNode waited = j.path("chaos").path("sinks").path("disturbed_waited_for");
        assertThat(waited.path("shown_late_by_catch_up").asLong()).isEqualTo(40);
        assertThat(waited.path("last").path("attempts").asInt()).isEqualTo(2);
        assertThat(waited.path("last").path("by_catch_up").asBoolean()).isTrue();
        assertThat(j.path("chaos").path("redis").has("disturbed_waited_for")).as("no breakdown without one").isFalse();
        JsonNode step = j.path("chaos").path("topology-rolling").path("steps").path(0);
        assertThat(step.path("instance").asText()).isEqualTo("topology");
        assertThat(step.path("conversation_pause_max_ms").asDouble()).isEqualTo(4034);
        assertThat(step.path("conversations_paused_over_2s").asInt()).isEqualTo(7);
        assertThat(j.path("machine").path("cores").asInt()).isPositive();
        assertThat(j.path("settings").path("bench").path("kneeStep").asText()).isEqualTo("PT6S");
        assertThat(j.path("settings").path("service_settings").path("topology.rate.burst").asText()).isEqualTo("9");

        String md = MarkdownReport.render(j, "plot.png");
        assertThat(md).contains("![latency over time](plot.png)", "48.0 msgs/s", "| sinks | 12.5 | 14.0 |",
                "| redis | 2.1 | not recovered |",
                "| topology | 10.2 | 130 | 120.0 / 2900.0 / 4034.0 | 7 |", "GAP c1 seqs [4]",
                "Rolling restart (topology-rolling), per step", "Rolling restart (sinks-rolling), per step",
                "| sinks-2 | 49.8 | 129 | 80.0 / 1500.0 / 1900.0 | 0 |",
                "| sinks | 3 | 118 (40) | 12 | sent at -0.5 s, acked after 13.2 s, shown after 14.5 s by catch-up, 2 attempt(s) |");
        assertThat(md).doesNotContain("| redis | 0 |");
        assertThat(md).doesNotContain("Rolling restart (sinks), per step");
    }
}
