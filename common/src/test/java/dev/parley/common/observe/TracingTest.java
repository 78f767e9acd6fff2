package dev.parley.common.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracingTest {

    @Test
    void eachHopIsAChildOfThePreviousHopsTraceparentAndKeepsTheTraceId() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        Tracing tracing = Tracing.exportingTo("test", spans, false); // not closed: closing clears the exporter
        String first;
        String traceId;
        try (Hop send = tracing.start("edge.send", null, "conversation", "c1")) {
            first = send.traceparent();
            traceId = send.traceId();
        }
        try (Hop next = tracing.start("topology.gate", first)) {
            assertThat(next.traceId()).isEqualTo(traceId);
            assertThat(next.traceparent()).isNotEqualTo(first).startsWith("00-" + traceId + "-");
        }
        List<SpanData> done = spans.getFinishedSpanItems();
        assertThat(done).extracting(SpanData::getName).containsExactly("edge.send", "topology.gate");
        assertThat(done.get(1).getParentSpanId()).isEqualTo(done.get(0).getSpanId());
        assertThat(done.get(0).getAttributes().asMap().toString()).contains("parley.conversation=c1");
    }

    @Test
    void withoutExportTraceIdsStillExistAndPropagate() {
        Tracing tracing = Tracing.idsOnly();
        try (Hop root = tracing.start("edge.send", null); Hop child = tracing.start("sinks.route", root.traceparent())) {
            assertThat(root.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("00000000000000000000000000000000");
            assertThat(child.traceId()).isEqualTo(root.traceId());
            assertThat(Tracing.traceId(child.traceparent())).isEqualTo(root.traceId());
        }
    }

    @Test
    void aMalformedTraceparentStartsANewTraceInsteadOfFailing() {
        Tracing tracing = Tracing.idsOnly();
        for (String hostile : new String[] {"", "garbage", "00-zz-yy-01", "ff-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
                "00-" + "a".repeat(500), "\u0000\uFFFF"}) {
            try (Hop hop = tracing.start("edge.deliver", hostile)) {
                assertThat(hop.traceId()).matches("[0-9a-f]{32}");
            }
            assertThat(Tracing.traceId(hostile)).isEqualTo("-");
        }
    }
}
