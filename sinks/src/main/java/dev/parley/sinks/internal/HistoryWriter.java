package dev.parley.sinks.internal;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.Hop;
import dev.parley.common.observe.Tracing;
import dev.parley.common.topic.Topic;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.HistoryRecords;
import dev.parley.sinks.HistoryStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The history writer's batch handler: messages, read positions and member lists into the
 * {@link HistoryStore}. Each attempt to write a message is a {@code sinks.history} hop of its trace
 * (a retried write shows as a failed hop, then one that succeeded).
 */
public final class HistoryWriter implements BatchHandler<HistoryBatch> {
    /** The topics the history writer consumes. */
    public static final List<String> TOPICS =
            List.of(Topics.MESSAGES.name(), Topics.READS.name(), Topics.MEMBERSHIPS.name());

    /** The trace hop of one message record written. */
    public static final String HOP = "sinks.history";

    private final HistoryStore store;
    private final Tracing tracing;
    private final Counter messagesWritten;

    public HistoryWriter(HistoryStore store, MeterRegistry meters, Tracing tracing) {
        this.store = store;
        this.tracing = tracing;
        this.messagesWritten = Counter.builder("parley.sinks.history.messages")
                .description("Message rows written to history (a replayed or retried row counts again)")
                .register(meters);
    }

    @Override
    public Decoded<HistoryBatch> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        List<HistoryBatch.Entry> entries = new ArrayList<>(records.size());
        List<Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String topic = r.topic();
            if (topic.equals(Topics.MESSAGES.name())) {
                add(entries, r, Topics.MESSAGES, HistoryRecords::valid, rejected);
            } else if (topic.equals(Topics.READS.name())) {
                add(entries, r, Topics.READS, HistoryRecords::valid, rejected);
            } else if (topic.equals(Topics.MEMBERSHIPS.name())) {
                add(entries, r, Topics.MEMBERSHIPS, HistoryRecords::valid, rejected);
            } else {
                Decoding.unknownTopic(r, rejected);
            }
        }
        return new Decoded<>(new HistoryBatch(entries), rejected);
    }

    /**
     * One call per kind. A value the store refuses may be thrown synchronously (the CQL driver
     * encodes while binding) or fail the stage; both fail the attempt.
     */
    @Override
    public CompletionStage<Void> apply(HistoryBatch batch) {
        List<CompletableFuture<Void>> writes = new ArrayList<>(3);
        List<Message> messages = batch.messages();
        if (!messages.isEmpty()) {
            List<Hop> hops = hops(batch);
            CompletableFuture<Void> written;
            try {
                written = store.writeMessages(messages).toCompletableFuture();
            } catch (RuntimeException e) {
                end(hops, e);
                throw e;
            }
            writes.add(written.whenComplete((ok, e) -> {
                if (e == null) {
                    messagesWritten.increment(messages.size());
                }
                end(hops, e);
            }));
        }
        if (!batch.reads().isEmpty()) {
            writes.add(store.writeReads(batch.reads()).toCompletableFuture());
        }
        if (!batch.memberships().isEmpty()) {
            writes.add(store.writeMemberships(batch.memberships()).toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private List<Hop> hops(HistoryBatch batch) {
        List<Hop> hops = new ArrayList<>();
        for (HistoryBatch.Entry e : batch.entries()) {
            if (e.value() instanceof Message m) {
                hops.add(tracing.start(HOP, TraceHeader.get(e.record().headers()),
                        "conversation", m.conversationId(), "seq", String.valueOf(m.seq())));
            }
        }
        return hops;
    }

    private static void end(List<Hop> hops, Throwable failure) {
        hops.forEach(hop -> hop.end(failure));
    }

    /**
     * One record at a time. The store's contract makes this equal to the whole batch: rows are
     * upserts, state and read positions keep the highest seq, and member-list snapshots applied in
     * log order leave the newest with everyone dropped on the way removed.
     */
    @Override
    public List<Part<HistoryBatch>> parts(HistoryBatch batch) {
        return batch.entries().stream().map(e -> new Part<>(e.record(), new HistoryBatch(List.of(e)))).toList();
    }

    private static <V> void add(List<HistoryBatch.Entry> entries, ConsumerRecord<byte[], byte[]> record,
                                Topic<String, V> topic, Predicate<V> valid, List<Rejected> rejected) {
        V value = Decoding.value(topic, record, valid, rejected);
        if (value != null) {
            entries.add(new HistoryBatch.Entry(record, value));
        }
    }
}
