package dev.parley.replay.internal.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics once, without a consumer group: from the beginning to the end offsets taken at
 * the start, committed records only (what the sinks and the topology see). Records appended while
 * it reads are left out, so the result is the log as of one moment. Per partition in offset order;
 * no order across partitions.
 */
public final class LogScan {
    private static final Duration POLL = Duration.ofMillis(500);
    /** No partition moving for this long means the brokers stopped answering. */
    private static final Duration STALLED = Duration.ofMinutes(2);

    private LogScan() {
    }

    /**
     * @param kafkaProps consumer properties, {@code bootstrap.servers} at least; group, commit and
     *                   isolation settings are overridden
     * @param topics     the topics to read, all of them
     * @param each       called with every record (tombstones too), on the calling thread
     * @throws IllegalStateException when a topic does not exist or reading stalls
     */
    public static void read(Map<String, Object> kafkaProps, List<String> topics,
                            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> props = readerProps(kafkaProps);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                partitions.addAll(partitionsOf(consumer, topic));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets: no open transaction is waited for.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> open = new HashSet<>(partitions);
            long position = -1;
            long lastProgress = System.nanoTime();
            while (!closeFinished(consumer, open, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
                // Positions, not records: skipping aborted transactions moves on without returning any.
                long now = open.stream().mapToLong(consumer::position).sum();
                if (now != position) {
                    position = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                    throw new IllegalStateException("reading the log stalled; unfinished partitions: " + open);
                }
            }
        }
    }

    /**
     * Consumer properties for reading the log outside any consumer group, as the sinks and the
     * topology see it: a copy of {@code kafkaProps} (free to change) without a group id, reading
     * committed records only and committing nothing.
     */
    public static Map<String, Object> readerProps(Map<String, Object> kafkaProps) {
        Map<String, Object> props = new HashMap<>(kafkaProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /** The partitions of a topic; throws when it does not exist. */
    public static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** Drops (and pauses) partitions read up to their end offset; true when none is left. */
    private static boolean closeFinished(KafkaConsumer<?, ?> consumer, Set<TopicPartition> open,
                                         Map<TopicPartition, Long> end) {
        List<TopicPartition> finished = open.stream().filter(tp -> consumer.position(tp) >= end.get(tp)).toList();
        finished.forEach(open::remove);
        consumer.pause(finished);
        return open.isEmpty();
    }
}
