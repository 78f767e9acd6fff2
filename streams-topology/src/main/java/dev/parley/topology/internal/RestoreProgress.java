package dev.parley.topology.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Restore progress of the changelogged stores, for the dashboard and for whoever wonders why the
 * instance is not ready: records restored per store, and offsets still to restore across every store
 * being restored now (0 when none is). "Remaining" counts offsets, not records: under exactly-once a
 * changelog also holds transaction markers, so it is a few above the records actually left.
 */
public final class RestoreProgress implements StateRestoreListener {
    public static final String RECORDS = "parley.topology.restore.records";
    public static final String REMAINING = "parley.topology.restore.remaining";

    private final MeterRegistry registry;
    /** (changelog partition, store) → where its restore ends and how far it has come. */
    private final Map<String, Progress> restoring = new ConcurrentHashMap<>();
    private final Map<String, Counter> restored = new ConcurrentHashMap<>();

    public RestoreProgress(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(REMAINING, this, RestoreProgress::remaining)
                .description("changelog records (offsets) left to restore across the stores being restored; 0 when done")
                .register(registry);
    }

    /** Offsets left to restore, summed over every partition being restored. */
    public double remaining() {
        return restoring.values().stream().mapToLong(Progress::left).sum();
    }

    /** @param end exclusive ending offset of the restore; @param left offsets still to read */
    private record Progress(long end, long left) {
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        // endingOffset is exclusive: the restore reads startingOffset .. endingOffset - 1.
        restoring.put(key(partition, store), new Progress(endingOffset, Math.max(0, endingOffset - startingOffset)));
        counter(store); // present (at 0) from the first restore on, so rate() has a start
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        counter(store).increment(numRestored);
        // batchEndOffset is inclusive.
        restoring.computeIfPresent(key(partition, store),
                (k, p) -> new Progress(p.end(), Math.max(0, p.end() - batchEndOffset - 1)));
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store)); // the task moved away: nothing left to restore here
    }

    private Counter counter(String store) {
        return restored.computeIfAbsent(store, s -> Counter.builder(RECORDS)
                .description("changelog records restored into a local state store")
                .tag("store", s)
                .register(registry));
    }

    private static String key(TopicPartition partition, String store) {
        return partition + "/" + store;
    }
}
