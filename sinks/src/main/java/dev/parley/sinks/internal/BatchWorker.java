package dev.parley.sinks.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's loop: poll a batch, apply it until it succeeds, then commit its offsets.
 *
 * <p>Nothing is skipped and nothing is committed past a failed write: a failed attempt pauses the
 * assigned partitions and polls for the backoff delay (which keeps the consumer in its group), then
 * retries the same decoded batch. Only {@link #wakeup()} may be called from another thread.
 */
public final class BatchWorker<B> implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWorker.class);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final List<String> topics;
    private final BatchHandler<B> handler;
    private final Backoff backoff;
    private final Duration pollTimeout;
    private final Duration batchTimeout;
    private final Outage outage;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private volatile boolean closing;

    public BatchWorker(String name, Consumer<String, byte[]> consumer, List<String> topics, BatchHandler<B> handler,
                       Backoff backoff, Duration pollTimeout, Duration batchTimeout, Clock clock) {
        this.name = name;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.backoff = backoff;
        this.pollTimeout = pollTimeout;
        this.batchTimeout = batchTimeout;
        this.outage = new Outage(name, clock);
    }

    /** Completes once the consumer has got its first assignment (it has joined its group). */
    public CompletableFuture<Void> joined() {
        return joined;
    }

    /** Subscribes, loops until {@link #wakeup()}, then closes the consumer (leaving the group). */
    @Override
    public void run() {
        try {
            subscribe();
            while (!closing) {
                pollOnce();
            }
        } catch (WakeupException e) {
            // wakeup() asked us to stop.
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                LOG.warn("{}: closing the consumer failed: {}", name, Outage.describe(e));
            }
        }
    }

    /** Asks the loop to stop: a batch being applied is finished and committed first. Thread-safe. */
    public void wakeup() {
        closing = true;
        consumer.wakeup();
    }

    void subscribe() {
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                LOG.info("{}: assigned {}", name, partitions);
                joined.complete(null);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                LOG.info("{}: revoked {}", name, partitions);
            }
        });
    }

    /** One poll, and if it returned records: apply them until done, then commit. */
    void pollOnce() {
        ConsumerRecords<String, byte[]> polled = consumer.poll(pollTimeout);
        if (polled.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
        polled.forEach(records::add);
        B batch = handler.decode(records);
        if (applyUntilDone(batch)) {
            commit(nextOffsets(polled));
        }
    }

    /** @return false when the loop is stopping before the batch succeeded (its offsets stay uncommitted) */
    private boolean applyUntilDone(B batch) {
        for (int attempt = 0; ; attempt++) {
            try {
                handler.apply(batch).toCompletableFuture().get(batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
                outage.recovered();
                Set<TopicPartition> paused = consumer.paused();
                if (!paused.isEmpty()) {
                    consumer.resume(paused);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                outage.failed(e);
                if (closing) {
                    return false;
                }
                hold(backoff.delay(attempt));
            }
        }
    }

    /** Waits by polling with every partition paused, so the group does not evict us during an outage. */
    private void hold(Duration delay) {
        consumer.pause(consumer.assignment());
        ConsumerRecords<String, byte[]> stray = consumer.poll(delay);
        // Partitions assigned during that poll were not paused: rewind them so nothing is skipped.
        for (TopicPartition tp : stray.partitions()) {
            consumer.seek(tp, stray.records(tp).getFirst().offset());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> polled) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : polled.partitions()) {
            ConsumerRecord<String, byte[]> last = polled.records(tp).getLast();
            offsets.put(tp, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
        }
        return offsets;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // A partition revoked while we were retrying now belongs to another consumer, which starts
        // from the last committed offset: committing ours for it could move it backwards.
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(offsets);
        } catch (KafkaException e) {
            LOG.warn("{}: committing offsets failed, the batch will be processed again: {}", name,
                    Outage.describe(e));
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
