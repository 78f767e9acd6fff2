package dev.parley.sinks;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.Settings;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.DeadLetterSink;
import dev.parley.common.observe.Observability;
import dev.parley.sinks.internal.Backoff;
import dev.parley.sinks.internal.BatchWorker;
import dev.parley.sinks.internal.HistoryWriter;
import dev.parley.sinks.internal.StageMeters;
import dev.parley.sinks.internal.cql.CqlHistoryStore;
import dev.parley.sinks.internal.cql.CqlSessions;
import dev.parley.sinks.internal.kafka.KafkaConsumers;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Rebuilds the CQL stores (history, conversation state, read state, member lists) from the log:
 * the history writer itself, with its idempotent writes, its dead-letter rules and its pause on an
 * outage, run in a consumer group of its own ({@code config.historyGroup()}) into
 * {@code config.cqlKeyspace()}, from where that group stands (the start of the log for a new group)
 * to the end offsets taken when the run starts; then it commits and stops. A run stopped early
 * ({@link #stop()}, a crash) resumes from its committed offsets when started again with the same
 * group.
 *
 * <p>Records the live sinks dead-lettered are skipped and counted, not dead-lettered a second time.
 * Not thread-safe, except {@link #stop()}.
 */
public final class Rebuild implements AutoCloseable {
    /** One partition of the run: from the group's position to the end offset at start. */
    public record Span(TopicPartition partition, long from, long to) {
        public long records() {
            return Math.max(0, to - from);
        }
    }

    /** What a run reports while it goes: called on the run's thread. */
    public interface Progress {
        void started(List<Span> spans);

        /**
         * The next offset to read of every partition (offsets of transaction markers count too):
         * after every poll until the first one that moved a partition, then at most once per
         * {@link #PROGRESS_INTERVAL}; the last call has the positions the run ended at.
         */
        void advanced(Map<TopicPartition, Long> positions);
    }

    /** How often a run reports its positions at most once it is reading ({@link Progress#advanced}). */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    /**
     * @param skipped  records that can never be stored (undecodable or invalid), as the live sinks skipped them
     * @param complete false when stopped before reaching the end offsets (run again to resume)
     */
    public record Result(List<Span> spans, long skipped, Duration took, boolean complete) {
    }

    /**
     * Records per poll of a rebuild unless {@code sinks.max-poll-records} is set: ten times the live
     * writer's. A batch is written as one request per history partition, and in a log where
     * hundreds of conversations interleave, 500 records hold one or two rows of each; 5,000 made
     * the rebuild 1.5 times faster in bench/results/replay-latest.md.
     */
    public static final int MAX_POLL_RECORDS = 5000;

    private final SinksConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final Clock clock;
    private volatile BatchWorker<?> worker;
    private volatile boolean stopRequested;

    private Rebuild(SinksConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(KafkaConsumers.properties(config, config.historyGroup(), "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The settings with a rebuild's defaults where they set nothing ({@link #MAX_POLL_RECORDS}). */
    public static Settings defaults(Settings settings) {
        return settings.string("sinks.max-poll-records", null) != null ? settings
                : settings.with(Map.of("sinks.max-poll-records", Integer.toString(MAX_POLL_RECORDS)));
    }

    /** Connects to Kafka only: {@link #plan()} writes nothing and needs no keyspace. */
    public static Rebuild open(SinksConfig config, Clock clock) {
        return new Rebuild(config, clock);
    }

    /** Every partition of the history writer's topics: where the group stands and where the log ends now. */
    public List<Span> plan() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : HistoryWriter.TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        List<Span> spans = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? Math.max(c.offset(), begin.get(tp)) : begin.get(tp);
            spans.add(new Span(tp, from, end.get(tp)));
        }
        return spans;
    }

    /**
     * Writes the log into the keyspace up to the end offsets of {@link #plan()} taken now. Waits out
     * an outage of CQL or Kafka like the sinks do; returns when done or {@link #stop() stopped}.
     */
    public Result run(Progress progress) {
        long started = clock.millis();
        List<Span> spans = plan();
        progress.started(spans);
        AtomicLong skipped = new AtomicLong();
        Tracker tracker = new Tracker(spans, progress, clock);
        try (CqlSession session = CqlSessions.open(config); Observability obs = Observability.inMemory("replay")) {
            BatchWorker<?> w = new BatchWorker<>("replay-rebuild", consumer, HistoryWriter.TOPICS,
                    new HistoryWriter(new CqlHistoryStore(session), obs.meters(), obs.tracing()),
                    counting(skipped), new Backoff(config.backoffInitial(), config.backoffMax()),
                    config.pollTimeout(), config.batchTimeout(), Duration.ofSeconds(1), clock,
                    new StageMeters(obs.meters(), "history"));
            worker = w;
            if (!stopRequested) {
                w.runUntil(tracker);
                tracker.finish();
            }
        }
        return new Result(spans, skipped.get(), Duration.ofMillis(clock.millis() - started), tracker.reachedEnd());
    }

    /**
     * Asked after every poll whether the run reached the end offsets of its spans; passes the
     * positions on to {@link Progress#advanced} as often as that promises. Positions it did not
     * pass on are passed by {@link #finish()}, so the last report is always where the run ended.
     */
    static final class Tracker implements BatchWorker.Until {
        private final Map<TopicPartition, Long> from = new LinkedHashMap<>();
        private final Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        private final Progress progress;
        private final InstantSource clock;
        private boolean reachedEnd;
        /** A report showed some partition past the start of its span: from now on reports are throttled. */
        private boolean moved;
        private long reportedMs;
        /** The positions of the last poll when they were not reported, else null. */
        private Map<TopicPartition, Long> unreported;

        Tracker(List<Span> spans, Progress progress, InstantSource clock) {
            spans.forEach(s -> {
                from.put(s.partition(), s.from());
                ends.put(s.partition(), s.to());
            });
            this.progress = progress;
            this.clock = clock;
        }

        @Override
        public boolean reached(Consumer<byte[], byte[]> c) {
            Set<TopicPartition> assigned = c.assignment();
            if (!assigned.containsAll(ends.keySet())) {
                return false; // not joined yet (a rebuild is its group's only member)
            }
            Map<TopicPartition, Long> positions = new LinkedHashMap<>();
            boolean done = true;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                long position = c.position(e.getKey());
                positions.put(e.getKey(), position);
                done &= position >= e.getValue();
            }
            reachedEnd = done;
            long now = clock.millis();
            if (done || !moved || now - reportedMs >= PROGRESS_INTERVAL.toMillis()) {
                report(positions, now);
            } else {
                unreported = positions;
            }
            return done;
        }

        /** Reports the positions of the last poll if they were not yet: call once the run ended. */
        void finish() {
            if (unreported != null) {
                report(unreported, clock.millis());
            }
        }

        boolean reachedEnd() {
            return reachedEnd;
        }

        private void report(Map<TopicPartition, Long> positions, long now) {
            progress.advanced(positions);
            unreported = null;
            reportedMs = now;
            moved = moved || positions.entrySet().stream().anyMatch(e -> e.getValue() > from.get(e.getKey()));
        }
    }

    /** The live sinks already dead-lettered these: count them, do not write a second letter. */
    private static DeadLetterSink counting(AtomicLong skipped) {
        return new DeadLetterSink() {
            @Override
            public CompletionStage<Void> send(byte[] key, DeadLetter letter) {
                skipped.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    /** Ends a run at its next batch boundary, committing what it finished. Thread-safe. */
    public void stop() {
        stopRequested = true;
        BatchWorker<?> w = worker;
        if (w != null) {
            w.wakeup();
        } else {
            consumer.wakeup();
        }
    }

    @Override
    public void close() {
        if (worker == null) {
            consumer.close(); // a run closes it itself
        }
    }
}
