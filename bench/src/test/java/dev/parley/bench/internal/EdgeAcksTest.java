package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge's ack histogram, as its /metrics writes it, and a step's fractions from two readings. */
class EdgeAcksTest {
    private static String metrics(long le100ms, long le250ms, long le1s, long all) {
        return """
                # HELP parley_edge_send_ack_seconds from a send frame's admission to its ack written to the sender's socket
                # TYPE parley_edge_send_ack_seconds histogram
                parley_edge_send_ack_seconds_bucket{node="edge-1",service="edge",le="0.05"} 1
                parley_edge_send_ack_seconds_bucket{node="edge-1",service="edge",le="0.1"} %d
                parley_edge_send_ack_seconds_bucket{node="edge-1",service="edge",le="0.25"} %d
                parley_edge_send_ack_seconds_bucket{node="edge-1",service="edge",le="0.5"} %d
                parley_edge_send_ack_seconds_bucket{node="edge-1",service="edge",le="1.0"} %d
                parley_edge_send_ack_seconds_bucket{node="edge-1",service="edge",le="2.5"} %d
                parley_edge_send_ack_seconds_bucket{node="edge-1",service="edge",le="+Inf"} %d
                parley_edge_send_ack_seconds_count{node="edge-1",service="edge"} %d
                parley_edge_delivery_seconds_bucket{node="edge-1",service="edge",le="1.0"} 999
                """.formatted(le100ms, le250ms, le250ms, le1s, all, all, all);
    }

    @Test
    void readsTheBucketsOfTheAckTimerOnly() {
        EdgeAcks.Snapshot s = EdgeAcks.parse(metrics(10, 20, 30, 40));
        assertThat(s.count()).isEqualTo(40);
        assertThat(s.within(0.25)).isEqualTo(20);
        assertThat(s.within(1.0)).isEqualTo(30);
        assertThat(s.cumulative()).containsEntry(0.05, 1L).hasSize(7);
    }

    @Test
    void aStepsFractionsComeFromTheDifferenceOfTwoReadings() {
        ObjectNode step = EdgeAcks.summarise(EdgeAcks.parse(metrics(10, 20, 30, 40)),
                EdgeAcks.parse(metrics(60, 120, 180, 240)));
        assertThat(step.path("acks").asLong()).isEqualTo(200);
        assertThat(step.path("within_ms").path("100").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(step.path("within_ms").path("250").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(step.path("within_ms").path("1000").asDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(step.path("within_ms").path("2500").asDouble()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void anEdgeThatDidNotAnswerLeavesTheStepsFigureOut() {
        assertThat(EdgeAcks.summarise(new EdgeAcks.Snapshot(Map.of()), EdgeAcks.parse(metrics(1, 2, 3, 4)))).isNull();
        assertThat(EdgeAcks.parse("nothing here").cumulative()).isEmpty();
    }

    @Test
    void readsTheTimerAsTheEdgesRegistryWritesIt() {
        // The edge's timer (EdgeMeters: Meters.latency under this name) in a registry like the edge's, scraped.
        var registry = dev.parley.common.observe.Meters.create("edge", "edge-1");
        var timer = dev.parley.common.observe.Meters.latency("parley.edge.send.ack", "ack").register(registry);
        java.util.stream.IntStream.rangeClosed(1, 100).forEach(ms -> timer.record(java.time.Duration.ofMillis(10 * ms)));
        EdgeAcks.Snapshot s = EdgeAcks.parse(registry.scrape());
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.within(0.25)).isEqualTo(25);
        assertThat(s.within(0.5)).isEqualTo(50);
        assertThat(s.within(1.0)).isEqualTo(100);
        registry.close();
    }
}
