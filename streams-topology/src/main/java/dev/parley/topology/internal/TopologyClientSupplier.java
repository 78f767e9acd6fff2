package dev.parley.topology.internal;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * Kafka Streams' clients as its default supplier makes them (it extends that supplier, which is
 * public but in Streams' internals: an upgrade that moves it fails this module's compile, not a
 * running instance), except that the restore consumer polls for at least {@link #RESTORE_POLL_FLOOR}
 * and the producer tells {@link CommitPacer} when each of its transactions has committed.
 *
 * <p>Why the restore consumer: the state updater thread polls the restore consumer with {@code poll.ms}, which is 1 ms
 * here so that the stream thread can commit soon ({@code topology.poll-timeout}); and a standby
 * task's changelogs are never done, so on an instance that keeps standbys the updater never idles.
 * It looped about a thousand times a second, checkpoint checks and partition bookkeeping included:
 * in JFR of the bench's chaos phase (two instances, 100 msgs/s) each instance's state updater used
 * 5-6 % of a core, more than its stream thread. A poll returns as soon as records arrive, so standbys
 * stay as fresh as before; what the floor delays is only what the updater notices between polls
 * when nothing arrives: a restoration with nothing left to read is called done, and a task handed to
 * it or taken from it (a rebalance) is picked up, up to the floor later.
 */
public final class TopologyClientSupplier extends DefaultKafkaClientSupplier {
    /** Small beside a rebalance (seconds); long beside the records' arrival (every commit, 10 ms). */
    public static final Duration RESTORE_POLL_FLOOR = Duration.ofMillis(50);

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new CommitTimedProducer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new RestoreConsumer(config);
    }

    /** The poll timeout the restore consumer uses when asked for {@code timeout}. */
    static Duration restorePoll(Duration timeout) {
        return timeout.compareTo(RESTORE_POLL_FLOOR) < 0 ? RESTORE_POLL_FLOOR : timeout;
    }

    /** A consumer whose polls last at least the floor unless records arrive first. */
    static final class RestoreConsumer extends KafkaConsumer<byte[], byte[]> {
        RestoreConsumer(Map<String, Object> config) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            return super.poll(restorePoll(timeout));
        }
    }

    /**
     * A producer that notes on the calling (stream) thread when a commit returned: under exactly_once_v2
     * each stream thread has its own, and Streams commits on that thread.
     */
    static final class CommitTimedProducer extends KafkaProducer<byte[], byte[]> {
        CommitTimedProducer(Map<String, Object> config) {
            super(config, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void commitTransaction() {
            super.commitTransaction();
            CommitPacer.transactionCommitted();
        }
    }
}
