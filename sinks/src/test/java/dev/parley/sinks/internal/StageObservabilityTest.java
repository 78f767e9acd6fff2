package dev.parley.sinks.internal;

import static dev.parley.sinks.internal.HistoryWriterTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.Observability;
import dev.parley.common.observe.Tracing;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.HistoryStore;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import dev.parley.testkit.MutableClock;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the sinks' stages tell an operator: their meters, their trace hops, their readiness. */
class StageObservabilityTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT_SPAN = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + PARENT_SPAN + "-01";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Observability obs = Observability.inMemory("sinks", Tracing.exportingTo("sinks", spans, false));
    private final MeterRegistry meters = obs.meters();
    private final InMemoryHistoryStore store = new InMemoryHistoryStore();
    private final InMemoryPresence presence = new InMemoryPresence(clock);
    private final InMemoryNodeChannels publisher = new InMemoryNodeChannels();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    @AfterEach
    void close() {
        obs.close();
    }

    private static <R extends ConsumerRecord<byte[], byte[]>> R traced(R record) {
        TraceHeader.set(record.headers(), TRACEPARENT);
        return record;
    }

    private BatchWorker<HistoryBatch> historyWorker(HistoryStore store) {
        BatchWorker<HistoryBatch> worker = new BatchWorker<>("sinks-history", consumer, HistoryWriter.TOPICS,
                new HistoryWriter(store, meters, obs.tracing()), deadLetters,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ofMillis(1), Duration.ofSeconds(10),
                Duration.ZERO, clock, new StageMeters(meters, "history"));
        worker.subscribe();
        TopicPartition tp = new TopicPartition(Topics.MESSAGES.name(), 0);
        consumer.rebalance(List.of(tp));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        return worker;
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private SpanData onlySpan(String name) {
        List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).hasSize(1);
        return named.getFirst();
    }

    @Test
    void aRoutedDeliveryCarriesItsTraceAndPublishTimeToTheEdge() {
        presence.vouch("bob", "edge-1", NOW.plusSeconds(30));
        NodeRouter router = new NodeRouter(presence, publisher, (delay, task) -> { }, 256, meters, obs.tracing(), clock);
        MessageFrame frame = new MessageFrame("c1", 7, "m7", "alice", "cm7", "hi", NOW);
        var record = traced(Records.of(Topics.DELIVERIES, 0, 0, "c1", new Delivery("c1", List.of("bob"), frame)));

        router.apply(router.decode(List.of(record)).batch()).toCompletableFuture().join();

        SpanData span = onlySpan(NodeRouter.HOP);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
        assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().asMap()).extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
                .contains("parley.conversation=c1", "parley.seq=7", "parley.clientMsgId=cm7");
        NodeEnvelope envelope = publisher.published().getFirst().envelope();
        assertThat(Tracing.traceId(envelope.traceparent())).isEqualTo(TRACE);
        assertThat(envelope.traceparent()).contains(span.getSpanId());
        assertThat(envelope.publishedAt()).isEqualTo(NOW.toEpochMilli());
        assertThat(counter("parley.sinks.routed", "kind", "delivery")).isEqualTo(1.0);
        assertThat(counter("parley.sinks.routed", "kind", "reply")).isZero();
        assertThat(meters.get("parley.sinks.redis.publish").timer().count()).isEqualTo(1);
    }

    @Test
    void aReplyIsRoutedAsAReplyAndAFailedPublishIsAFailedHop() {
        NodeRouter router = new NodeRouter(presence, publisher, (delay, task) -> { }, 256, meters, obs.tracing(), clock);
        var record = traced(Records.of(Topics.REPLIES, 0, 0, "edge-z", new Reply(new Origin("edge-z", "s-9"), "alice",
                new AckFrame("cm7", "c1", 7, "m7", NOW))));
        List<Route> routes = router.decode(List.of(record)).batch();
        publisher.failNext(1);

        assertThat(router.apply(routes).toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(2));
        router.apply(routes).toCompletableFuture().join();

        assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getStatus().getStatusCode())
                .containsExactly(StatusCode.ERROR, StatusCode.UNSET);
        assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(PARENT_SPAN));
        assertThat(publisher.published().getFirst().envelope().publishedAt()).isEqualTo(NOW.plusSeconds(2).toEpochMilli());
        assertThat(counter("parley.sinks.routed", "kind", "reply")).isEqualTo(1.0);
        assertThat(counter("parley.sinks.routed", "kind", "delivery")).isZero();
        assertThat(meters.get("parley.sinks.redis.publish").timer().count()).isEqualTo(2);
    }

    @Test
    void aWrittenMessageIsAHistoryHopAndCounted() {
        BatchWorker<HistoryBatch> worker = historyWorker(store);
        consumer.addRecord(traced(Records.of(Topics.MESSAGES, 0, 0, "c1", message("c1", 3))));

        worker.pollOnce();

        SpanData span = onlySpan(HistoryWriter.HOP);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
        assertThat(span.getAttributes().asMap()).extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
                .containsExactlyInAnyOrder("parley.conversation=c1", "parley.seq=3");
        assertThat(counter("parley.sinks.history.messages")).isEqualTo(1.0);
        var batches = meters.get("parley.sinks.batch.records").tag("stage", "history").summary();
        assertThat(batches.count()).isEqualTo(1);
        assertThat(batches.totalAmount()).isEqualTo(1.0);
        assertThat(meters.get("parley.sinks.write").tag("stage", "history").timer().count()).isEqualTo(1);
    }

    @Test
    void deadLettersAreCountedByStageAndReason() {
        BatchWorker<HistoryBatch> worker = historyWorker(store);
        consumer.addRecord(traced(Records.raw(Topics.MESSAGES, 0, 0, "{not json")));
        consumer.addRecord(Records.raw(Topics.MESSAGES, 0, 1, "{\"conversationId\":\"c1\",\"seq\":1}"));
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 2, "c1", message("c1", 1)));
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 3, "huge", message("c".repeat(70_000), 2)));

        worker.pollOnce();

        assertThat(deadLetters.letters()).hasSize(3);
        assertThat(counter("parley.sinks.dead.letters", "stage", "history", "reason", "undecodable")).isEqualTo(1.0);
        assertThat(counter("parley.sinks.dead.letters", "stage", "history", "reason", "invalid")).isEqualTo(1.0);
        assertThat(counter("parley.sinks.dead.letters", "stage", "history", "reason", "refused")).isEqualTo(1.0);
        assertThat(counter("parley.sinks.dead.letters", "stage", "history", "reason", "unknown_topic")).isZero();
        assertThat(counter("parley.sinks.history.messages")).as("only the good row").isEqualTo(1.0);
        assertThat(meters.get("parley.sinks.batch.records").tag("stage", "history").summary().totalAmount())
                .isEqualTo(4.0);
    }

    /** The gauge, the time paused and readiness, seen from inside the retries and after. */
    @Test
    void anOutageFlipsTheGaugeAndReadinessAndIsTimed() {
        List<String> seen = new ArrayList<>();
        BatchWorker<?>[] worker = new BatchWorker<?>[1];
        HistoryStore watching = new HistoryStore() {
            @Override
            public CompletionStage<Void> writeMessages(List<Message> m) {
                HealthCheck.Result ready = obs.health().ready().checks().get("history");
                seen.add(outage() + " " + (ready.up() ? "ready" : "not ready: " + ready.detail()));
                clock.advance(Duration.ofSeconds(1));
                return store.writeMessages(m);
            }

            @Override
            public CompletionStage<Void> writeReads(List<ReadPosition> r) {
                return store.writeReads(r);
            }

            @Override
            public CompletionStage<Void> writeMemberships(List<ConversationMembers> s) {
                return store.writeMemberships(s);
            }
        };
        worker[0] = historyWorker(watching);
        obs.health().ready("history", worker[0]::readiness);
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 0, "c1", message("c1", 1)));
        store.failNext(2);

        worker[0].pollOnce();

        // Attempt 1 finds no outage; it fails at 1 s, attempt 2 fails at 2 s, attempt 3 succeeds at 3 s.
        String down = "1.0 not ready: paused since " + NOW.plusSeconds(1) + " after ";
        assertThat(seen).satisfiesExactly(
                s -> assertThat(s).isEqualTo("0.0 ready"),
                s -> assertThat(s).startsWith(down + "1 failed attempts: NoNodeAvailableException"),
                s -> assertThat(s).startsWith(down + "2 failed attempts: NoNodeAvailableException"));
        assertThat(outage()).isZero();
        assertThat(worker[0].readiness()).isEqualTo(HealthCheck.Result.up("consuming"));
        assertThat(obs.health().ready().up()).isTrue();
        assertThat(meters.get("parley.sinks.outage.paused").tag("stage", "history").functionCounter().count())
                .isEqualTo(2.0);
        assertThat(store.messages("c1")).hasSize(1);
    }

    private double outage() {
        return meters.get("parley.sinks.outage").tag("stage", "history").gauge().value();
    }
}
