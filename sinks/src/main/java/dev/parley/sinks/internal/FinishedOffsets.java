package dev.parley.sinks.internal;

import dev.parley.common.text.Exceptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@link BatchWorker} has finished and not yet committed, and when it commits it: at most
 * once per {@code commitInterval}, because each commit is a write to {@code __consumer_offsets} and
 * a request to the broker (at hundreds of small batches a second that was most of the log's
 * offsets), and always when asked to ({@link #commitAll()}: before partitions are revoked, or the
 * worker stops). Touched by the worker's thread only.
 */
final class FinishedOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedOffsets.class);

    private final String name;
    private final Consumer<byte[], byte[]> consumer;
    private final Duration commitInterval;
    private final Clock clock;
    /** Offsets of finished batches not committed yet. */
    private final Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
    /** The last offset put in {@link #finished} per partition, so that an idle poll commits nothing again. */
    private final Map<TopicPartition, Long> finishedUpTo = new HashMap<>();
    private long lastCommitMs;

    FinishedOffsets(String name, Consumer<byte[], byte[]> consumer, Duration commitInterval, Clock clock) {
        this.name = name;
        this.consumer = consumer;
        this.commitInterval = commitInterval;
        this.clock = clock;
        this.lastCommitMs = clock.millis();
    }

    /**
     * Everything {@code polled} returned is finished (applied or dead-lettered): the consumer goes on
     * past it, past control records too, so a caught-up group's committed offsets are the log's end
     * and its lag 0. Only the partitions that moved are committed again.
     */
    void finish(ConsumerRecords<byte[], byte[]> polled) {
        polled.nextOffsets().forEach((tp, next) -> {
            Long before = finishedUpTo.put(tp, next.offset());
            if (before == null || before != next.offset()) {
                finished.put(tp, next);
            }
        });
    }

    /** Commits what is finished if the interval since the last commit is up. */
    void maybeCommit() {
        if (!finished.isEmpty() && clock.millis() - lastCommitMs >= commitInterval.toMillis()) {
            commitAll();
        }
    }

    /** Commits what is finished now. */
    void commitAll() {
        if (finished.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(finished);
        finished.clear();
        lastCommitMs = clock.millis();
        commit(offsets);
    }

    /** The next owner of {@code partitions} starts from the committed offsets: call after {@link #commitAll()}. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(finishedUpTo::remove);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // A partition revoked while the worker was retrying now belongs to another consumer, which
        // starts from the last committed offset: committing ours for it could move it backwards.
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(offsets);
        } catch (KafkaException e) {
            LOG.warn("{}: committing offsets failed, the batch will be processed again: {}", name,
                    Exceptions.oneLine(e));
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // A stop request must not cost the commit of a finished batch; the wakeup is used up now.
            consumer.commitSync(offsets);
        }
    }
}
