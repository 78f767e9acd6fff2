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
 * running instance), except that the restore consumer polls for at least {@link #RESTORE_POLL_FLOOR},
 * the main consumer polls for at least {@link #IDLE_POLL} while everything it returned is committed,
 * and the producer tells {@link CommitPacer} (and the main consumer) when each of its transactions
 * has committed.
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
 *
 * <p>Why the main consumer: the 1 ms poll is there so that a thread with records processed and not
 * yet committed reaches its commit (or the pacer's reminder) on time; a thread whose consumer has
 * returned nothing since its last commit has nothing to commit and no reminder due (the pacer's are
 * the only wall-clock punctuations; the others run on stream time, that is on records), yet it
 * looped a thousand times a second: the topology used about 5 % of a core doing nothing. Such a
 * thread now waits up to {@link #IDLE_POLL}; a record ends the wait the moment it arrives, so a
 * fresh message is not delayed. A zero timeout (Streams' "do not block" while a rebalance completes
 * or the thread shuts down) is kept. Under the streams group protocol Streams makes its main
 * consumer itself, without this supplier, and polls with {@code poll.ms} as before.
 */
public final class TopologyClientSupplier extends DefaultKafkaClientSupplier {
    /** Small beside a rebalance (seconds); long beside the records' arrival (every commit, 10 ms). */
    public static final Duration RESTORE_POLL_FLOOR = Duration.ofMillis(50);
    /** Kafka Streams' own {@code poll.ms}: what a rebalance or a restored task may wait for an idle thread. */
    public static final Duration IDLE_POLL = Duration.ofMillis(100);

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new CommitTimedProducer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new MainConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new RestoreConsumer(config);
    }

    /** The poll timeout the restore consumer uses when asked for {@code timeout}. */
    static Duration restorePoll(Duration timeout) {
        return timeout.compareTo(RESTORE_POLL_FLOOR) < 0 ? RESTORE_POLL_FLOOR : timeout;
    }

    /**
     * The poll timeout the main consumer uses when asked for {@code timeout}: unchanged while records
     * it returned await a commit, or when Streams asks not to block; otherwise at least the idle poll.
     */
    static Duration mainPoll(Duration timeout, boolean uncommitted) {
        if (uncommitted || timeout.isZero() || timeout.compareTo(IDLE_POLL) >= 0) {
            return timeout;
        }
        return IDLE_POLL;
    }

    /** A stream thread's consumer, patient while its thread has nothing to commit. */
    static final class MainConsumer extends KafkaConsumer<byte[], byte[]> {
        MainConsumer(Map<String, Object> config) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            CommitPacer.ThreadCommits commits = CommitPacer.thread();
            ConsumerRecords<byte[], byte[]> records = super.poll(mainPoll(timeout, commits.uncommitted));
            if (!records.isEmpty()) {
                commits.uncommitted = true;
            }
            return records;
        }
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
     * A producer that notes on the calling (stream) thread when a commit returned, for the pacer and the
     * main consumer: under exactly_once_v2 each stream thread has its own, and Streams commits on that thread.
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
