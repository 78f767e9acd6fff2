package dev.parley.bench.internal;

import dev.parley.common.topic.Topics;
import dev.parley.sinks.SinksConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the sinks' history writer is behind the message log. The consistency checker reads
 * history through the edge; read while the writer still works off a backlog, an acked message not
 * yet written looks lost. A full run once found 658 "acked but missing" messages and nobody could
 * tell afterwards whether they were lost or late (docs/performance.md, "A Kafka restart that did not heal"), and
 * overloaded pairs runs left the writer minutes behind. So the benches wait for the writer first and
 * say how long it took, or that it never caught up.
 */
public final class HistoryWriterLag {
    /** The history writer's consumer group ({@code sinks.history.group-id}'s default, which the bench keeps). */
    static final String GROUP = SinksConfig.HISTORY_GROUP_DEFAULT;
    /** Long enough for the writer to work off what an overloaded step leaves (minutes of sends at its best rate). */
    public static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofSeconds(2);

    private HistoryWriterLag() {
    }

    /**
     * Waits until the history writer has committed everything in {@code parley.messages.v1} or
     * {@code timeout} passed; prints which.
     *
     * @return the offsets still to write at the end (0 when caught up, -1 when Kafka could not tell)
     */
    public static long await(String kafkaBootstrap, Duration timeout, PrintStream log) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
            long previous = -1;
            long lag = lag(admin, Topics.MESSAGES.name(), GROUP);
            // Twice the same: a writer still working commits every 100 ms and would have moved.
            while ((lag != 0 || previous != 0) && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
                previous = lag;
                lag = lag(admin, Topics.MESSAGES.name(), GROUP);
            }
            double s = (System.nanoTime() - start) / 1e9;
            if (lag == 0) {
                log.printf("bench: the history writer was through the message log after %.1f s%n", s);
            } else {
                log.printf("bench: the history writer was still %d offsets behind after %.0f s; checking anyway%n", lag, s);
            }
            return lag;
        }
    }

    /**
     * Offsets of {@code topic} that {@code group} has not committed (end offsets less committed ones;
     * a partition never committed counts whole), or -1 when Kafka cannot tell. The writer commits its
     * consumer's position, past the commit marker of the transaction its last record came in; a writer
     * of a version before 2026-12-05 committed the offset after that record, leaving the marker: one
     * offset per partition is not counted, so either reads as caught up.
     */
    static long lag(Admin admin, String topic, String group) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()) - 1);
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }
}
