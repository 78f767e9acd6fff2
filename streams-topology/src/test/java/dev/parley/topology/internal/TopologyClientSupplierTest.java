package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.topology.TopologyConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The state updater's restore consumer waits at least the floor in each poll, the main consumer the idle
 * poll while its thread has nothing uncommitted, and the producer reports its commits to the pacer;
 * nothing else changes.
 */
class TopologyClientSupplierTest {
    /** The consumer times its poll in whole milliseconds: it may return up to one early by System.nanoTime. */
    private static final Duration TIMER_GRAIN = Duration.ofMillis(1);

    @Test
    void theTopologysStreamsUseItTheConsumersArePatientAndTheProducerTimesItsCommits() {
        KafkaClientSupplier supplier = new StreamsConfig(TopologyConfig.from(Settings.of(Map.of())).streamsProperties())
                .getKafkaClientSupplier();
        assertThat(supplier).isInstanceOf(TopologyClientSupplier.class);
        // Streams asks for every client; the interface's getAdmin throws unless implemented.
        try (Consumer<byte[], byte[]> restore = supplier.getRestoreConsumer(config());
             Consumer<byte[], byte[]> main = supplier.getConsumer(config());
             Consumer<byte[], byte[]> global = supplier.getGlobalConsumer(config());
             Admin admin = supplier.getAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"));
             Producer<byte[], byte[]> producer = supplier.getProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     "127.0.0.1:9"))) {
            assertThat(restore).isInstanceOf(TopologyClientSupplier.RestoreConsumer.class);
            assertThat(main).isInstanceOf(TopologyClientSupplier.MainConsumer.class);
            assertThat(global).isNotInstanceOf(TopologyClientSupplier.RestoreConsumer.class);
            assertThat(admin).isNotNull();
            assertThat(producer).isInstanceOf(TopologyClientSupplier.CommitTimedProducer.class);
        }
    }

    @Test
    void aShortPollIsRaisedToTheFloorAndALongOneKept() {
        assertThat(TopologyClientSupplier.restorePoll(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(50));
        assertThat(TopologyClientSupplier.restorePoll(Duration.ZERO)).isEqualTo(Duration.ofMillis(50));
        assertThat(TopologyClientSupplier.restorePoll(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aOneMillisecondPollWithNothingToReadWaitsTheFloor() {
        try (Consumer<byte[], byte[]> restore = new TopologyClientSupplier().getRestoreConsumer(config())) {
            restore.assign(List.of(new TopicPartition("changelog", 0)));
            long start = System.nanoTime();
            assertThat(restore.poll(Duration.ofMillis(1))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start).plus(TIMER_GRAIN)).isGreaterThanOrEqualTo(
                    TopologyClientSupplier.RESTORE_POLL_FLOOR);
        }
    }

    @Test
    void theMainConsumerKeepsStreamsPollWhileRecordsAwaitACommitAndWaitsLongerOnlyWhenNothingDoes() {
        Duration streamsPoll = Duration.ofMillis(1);
        assertThat(TopologyClientSupplier.mainPoll(streamsPoll, true)).isEqualTo(streamsPoll);
        assertThat(TopologyClientSupplier.mainPoll(streamsPoll, false)).isEqualTo(TopologyClientSupplier.IDLE_POLL);
        // Zero means "do not block" (a rebalance completing, a shutdown): never stretched.
        assertThat(TopologyClientSupplier.mainPoll(Duration.ZERO, false)).isEqualTo(Duration.ZERO);
        assertThat(TopologyClientSupplier.mainPoll(Duration.ofMillis(500), false)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aCommitOnTheThreadCoversWhatItsConsumerReturned() {
        CommitPacer.ThreadCommits commits = CommitPacer.thread();
        commits.uncommitted = true; // as MainConsumer notes a poll that returned records
        assertThat(TopologyClientSupplier.mainPoll(Duration.ofMillis(1), commits.uncommitted)).isEqualTo(Duration.ofMillis(1));

        CommitPacer.transactionCommitted(); // as CommitTimedProducer notes its commit, on the same thread

        assertThat(commits.uncommitted).isFalse();
        assertThat(TopologyClientSupplier.mainPoll(Duration.ofMillis(1), commits.uncommitted))
                .isEqualTo(TopologyClientSupplier.IDLE_POLL);
    }

    @Test
    void anIdleMainConsumerWaitsTheIdlePoll() {
        try (Consumer<byte[], byte[]> main = new TopologyClientSupplier().getConsumer(config())) {
            main.assign(List.of(new TopicPartition("commands", 0)));
            long start = System.nanoTime();
            assertThat(main.poll(Duration.ofMillis(1))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start).plus(TIMER_GRAIN)).isGreaterThanOrEqualTo(
                    TopologyClientSupplier.IDLE_POLL);
        }
    }

    /** No broker listens there: the consumer is made and polled, never served. */
    private static Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return c;
    }
}
