package dev.parley.testkit.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.observe.Hop;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.common.observe.Tracing;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The receiver decodes what the services' real OTLP exporter sends. */
class OtlpReceiverTest {

    @Test
    void receivesTheSpansOfATraceWithTheirParentsAndService() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            ObserveConfig config = new ObserveConfig("127.0.0.1", 0, Optional.of(URI.create(receiver.endpoint())), 1.0, false);
            String traceId;
            String rootSpan;
            try (Tracing tracing = Tracing.create("edge", "edge-1", config)) {
                try (Hop root = tracing.start("edge.send", null, "conversation", "c1")) {
                    traceId = root.traceId();
                    rootSpan = root.traceparent().split("-")[2];
                    try (Hop child = tracing.start("topology.gate", root.traceparent())) {
                        assertThat(child.traceId()).isEqualTo(traceId);
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.trace(traceId).size() == 2);
            assertThat(receiver.trace(traceId)).extracting(OtlpReceiver.ReceivedSpan::name)
                    .containsExactlyInAnyOrder("edge.send", "topology.gate");
            assertThat(receiver.trace(traceId)).allMatch(s -> s.service().equals("parley-edge"));
            assertThat(receiver.trace(traceId)).filteredOn(s -> s.name().equals("topology.gate"))
                    .singleElement().extracting(OtlpReceiver.ReceivedSpan::parentSpanId).isEqualTo(rootSpan);
        }
    }

    @Test
    void prometheusTextSumsSamplesByLabels() {
        PrometheusText text = PrometheusText.parse("""
                # HELP parley_edge_frames_in_total frames
                # TYPE parley_edge_frames_in_total counter
                parley_edge_frames_in_total{instance="edge-1",service="edge",type="send"} 3.0
                parley_edge_frames_in_total{instance="edge-2",service="edge",type="send"} 2.0
                parley_edge_frames_in_total{instance="edge-1",service="edge",type="read"} 1.0
                parley_edge_sockets_open{instance="edge-1",service="edge"} 7
                """);
        assertThat(text.sum("parley_edge_frames_in_total", "type", "send")).isEqualTo(5.0);
        assertThat(text.sum("parley_edge_frames_in_total")).isEqualTo(6.0);
        assertThat(text.sum("parley_edge_sockets_open", "instance", "edge-1")).isEqualTo(7.0);
        assertThat(text.names()).containsExactly("parley_edge_frames_in_total", "parley_edge_sockets_open");
    }
}
