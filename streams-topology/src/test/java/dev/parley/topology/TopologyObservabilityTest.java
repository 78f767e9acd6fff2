package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Message;
import dev.parley.common.event.SendCommand;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.Observability;
import dev.parley.common.observe.Tracing;
import dev.parley.topology.internal.Scrape;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology's hops of a message's trace and its command meters, through the whole topology in a
 * TopologyTestDriver with the observability passed as {@link Main} passes it.
 */
class TopologyObservabilityTest {
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String EDGE_SPAN = "b7ad6b7169203331";
    static final String EDGE_TRACEPARENT = "00-" + TRACE_ID + "-" + EDGE_SPAN + "-01";

    @TempDir
    Path stateDir;
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    Observability obs;
    Harness h;

    @BeforeEach
    void start() {
        captured.forEach(l -> l.addHandler(capture));
        obs = Observability.inMemory("topology", Tracing.exportingTo("topology", spans, false));
        h = new Harness(stateDir, obs);
        h.members("c1", 1, "alice", "bob");
    }

    @AfterEach
    void stop() {
        captured.forEach(l -> l.removeHandler(capture));
        h.close();
        obs.close();
    }

    /** What the topology's loggers and the hop logger wrote during the test (slf4j hands JUL formatted text). */
    final List<String> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final List<Logger> captured = List.of(Logger.getLogger("dev.parley.topology"), Logger.getLogger(Tracing.HOP_LOGGER));

    private SendCommand tracedSend(String userId, String clientMsgId) {
        SendCommand c = new SendCommand(userId, "c1", clientMsgId, UUID.randomUUID().toString(), "hi",
                Harness.origin(userId), h.now());
        Headers headers = new RecordHeaders();
        TraceHeader.set(headers, EDGE_TRACEPARENT);
        h.commands.pipeInput(new TestRecord<>(userId, c, headers, h.now()));
        return c;
    }

    private double commands(String stage, String outcome) {
        Counter c = obs.meters().find("parley.topology.commands").tags("stage", stage, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private double dedupeHits() {
        Counter c = obs.meters().find("parley.topology.dedupe.hits").counter();
        return c == null ? 0 : c.count();
    }

    private static SpanContext traceOf(TestRecord<?, ?> r) {
        return Tracing.parse(TraceHeader.get(r.headers()));
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aSendCarriesItsTraceThroughBothStagesToEveryOutput() {
        tracedSend("alice", "a-1");

        List<TestRecord<String, Message>> log = h.messages.readRecordsToList();
        var deliveries = h.deliveries.readRecordsToList();
        var replies = h.replies.readRecordsToList();
        assertThat(log).hasSize(1);
        assertThat(deliveries).hasSize(1);
        assertThat(replies).hasSize(1);
        SpanContext message = traceOf(log.getFirst());
        assertThat(message.isValid()).isTrue();
        assertThat(message.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(message.getSpanId()).isNotEqualTo(EDGE_SPAN);
        assertThat(traceOf(deliveries.getFirst())).isEqualTo(message);
        assertThat(traceOf(replies.getFirst())).isEqualTo(message);

        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("topology.gate", "topology.sequence");
        SpanData gate = span("topology.gate");
        SpanData sequence = span("topology.sequence");
        assertThat(gate.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(sequence.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(gate.getParentSpanId()).isEqualTo(EDGE_SPAN);
        assertThat(sequence.getParentSpanId()).isEqualTo(gate.getSpanId());
        assertThat(sequence.getSpanId()).isEqualTo(message.getSpanId());
        assertThat(sequence.getAttributes().asMap().toString()).contains("parley.conversation=c1")
                .contains("parley.clientMsgId=a-1");
        assertThat(sequence.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aSendWithoutATraceparentStartsOneAtTheGate() {
        h.send("alice", "c1", "a-1", "hi");

        SpanContext message = traceOf(h.messages.readRecordsToList().getFirst());
        assertThat(message.isValid()).isTrue();
        assertThat(span("topology.gate").getParentSpanContext().isValid()).isFalse();
        assertThat(span("topology.sequence").getTraceId()).isEqualTo(span("topology.gate").getTraceId())
                .isEqualTo(message.getTraceId());
    }

    @Test
    void anAcceptedSendCountsOnceInEachStage() {
        tracedSend("alice", "a-1");

        assertThat(commands("gate", "accepted")).isEqualTo(1.0);
        assertThat(commands("sequence", "accepted")).isEqualTo(1.0);
        assertThat(obs.meters().find("parley.topology.commands").counters()).hasSize(2);
        assertThat(dedupeHits()).isZero();
        assertThat(Scrape.value(obs.meters().scrape(), "parley_topology_commands_total", "stage", "sequence",
                "outcome", "accepted", "service", "topology")).isEqualTo(1.0);
    }

    @Test
    void aSendFromANonMemberIsCountedAsNotMemberAndItsHopFails() {
        tracedSend("mallory", "m-1");

        assertThat(commands("gate", "accepted")).isEqualTo(1.0);
        assertThat(commands("sequence", "not_member")).isEqualTo(1.0);
        assertThat(commands("sequence", "accepted")).isZero();
        assertThat(span("topology.sequence").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span("topology.gate").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(traceOf(h.replies.readRecordsToList().getFirst()).getTraceId()).isEqualTo(TRACE_ID);
    }

    @Test
    void aResendOfTheSameClientMsgIdIsOneDedupeHit() {
        tracedSend("alice", "a-1");
        tracedSend("alice", "a-1");

        assertThat(dedupeHits()).isEqualTo(1.0);
        assertThat(Scrape.value(obs.meters().scrape(), "parley_topology_dedupe_hits_total", "service", "topology"))
                .isEqualTo(1.0);
        assertThat(commands("sequence", "duplicate")).isEqualTo(1.0);
        assertThat(commands("sequence", "accepted")).isEqualTo(1.0);
        assertThat(commands("gate", "accepted")).isEqualTo(2.0);
    }

    @Test
    void theRefusalsOfTheGateAreCountedByCode() {
        for (int i = 0; i <= 20; i++) { // the default burst is 20
            h.send("alice", "c1", "a-" + i, "hi");
        }
        h.send("alice", "c1", "a-empty", "");
        h.typing("bob", "c1");
        h.typing("bob", "c1"); // within the typing interval

        assertThat(commands("gate", "accepted")).isEqualTo(22.0); // 20 sends, two typing
        assertThat(commands("gate", "rate_limited")).isEqualTo(1.0);
        assertThat(commands("gate", "bad_request")).isEqualTo(1.0);
        assertThat(commands("sequence", "throttled")).isEqualTo(1.0); // stage 2 throttles typing from either topic
        assertThat(commands("sequence", "accepted")).isEqualTo(21.0);
    }

    @Test
    void anUnreadableCommandIsADeadLetterInTheSameTrace() {
        Headers headers = new RecordHeaders();
        TraceHeader.set(headers, EDGE_TRACEPARENT);
        h.rawCommands.pipeInput(new TestRecord<>("alice", "{not json".getBytes(StandardCharsets.UTF_8), headers,
                h.now()));

        assertThat(commands("gate", "dead_letter")).isEqualTo(1.0);
        assertThat(logged).anyMatch(l -> l.startsWith("dead-lettered") && l.contains("trace=" + TRACE_ID));
        var letter = h.deadLetters.readRecordsToList().getFirst();
        assertThat(traceOf(letter).getTraceId()).isEqualTo(TRACE_ID);
        SpanData gate = span("topology.gate");
        assertThat(gate.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(gate.getAttributes().isEmpty()).isTrue();
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
    }

    @Test
    void withLogHopsEachStageLogsTheTraceIdButNeverAHostileId(@TempDir Path otherDir) {
        Logger hops = captured.get(1);
        hops.setLevel(Level.INFO);
        hops.setUseParentHandlers(false); // captured, not printed
        try (Observability logging = Observability.inMemory("topology", Tracing.exportingTo("topology", spans, true));
             Harness other = new Harness(otherDir, logging)) {
            other.members("c1", 1, "alice");
            SendCommand c = new SendCommand("alice", "c1", "a-1", UUID.randomUUID().toString(), "hi",
                    Harness.origin("alice"), other.now());
            Headers headers = new RecordHeaders();
            TraceHeader.set(headers, EDGE_TRACEPARENT);
            other.commands.pipeInput(new TestRecord<>("alice", c, headers, other.now()));
            other.send("alice", "c1\nforged=1", "a-2", "hi");
        } finally {
            hops.setLevel(null);
            hops.setUseParentHandlers(true);
        }
        assertThat(logged).contains("trace=" + TRACE_ID + " hop=topology.gate conversation=c1 clientMsgId=a-1",
                "trace=" + TRACE_ID + " hop=topology.sequence conversation=c1 clientMsgId=a-1");
        assertThat(logged).filteredOn(l -> l.contains("hop=topology.gate")).hasSize(2)
                .noneMatch(l -> l.contains("forged")).anyMatch(l -> l.endsWith("hop=topology.gate clientMsgId=a-2"));
    }
}
