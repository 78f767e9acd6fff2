package dev.parley.replay.internal.shadow;

import dev.parley.replay.internal.kafka.LogScan;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies the records of topics up to given end offsets into a one-partition topic, merged across
 * partitions in record-time order (ties: topic, partition, then offset), keys, values, headers and
 * timestamps unchanged.
 *
 * <p>Why: live, the topology's stage 2 saw the commands of a conversation in the order they
 * arrived, which is their record-time order up to a few milliseconds. Reprocessed from the
 * partitioned topic, stage 1's tasks race each other and one user's whole backlog can reach a
 * conversation before another's: seqs and membership checks would differ for reasons that say
 * nothing about the topology. Read from this copy by one stage-1 task, every conversation gets its
 * commands in record-time order. One consumer per partition keeps a few records of each in memory,
 * never the topic.
 */
final class TimeOrderedCopy {
    private static final Duration POLL = Duration.ofMillis(500);

    private TimeOrderedCopy() {
    }

    /** @return records copied */
    static long copy(Map<String, Object> kafkaProps, Map<TopicPartition, Long> begins, Map<TopicPartition, Long> ends,
                     String target, LongConsumer progress) {
        List<Source> sources = new ArrayList<>();
        Map<String, Object> producerProps = new HashMap<>(kafkaProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        long copied = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            PriorityQueue<Source> heads = new PriorityQueue<>(Comparator
                    .comparingLong((Source s) -> s.head().timestamp())
                    .thenComparing(s -> s.head().topic()).thenComparingInt(s -> s.head().partition()).thenComparingLong(s -> s.head().offset()));
            for (TopicPartition tp : ends.keySet()) {
                if (ends.get(tp) > begins.get(tp)) {
                    Source s = new Source(kafkaProps, tp, begins.get(tp), ends.get(tp));
                    sources.add(s);
                    if (s.fill()) {
                        heads.add(s);
                    }
                }
            }
            while (!heads.isEmpty()) {
                Source s = heads.poll();
                ConsumerRecord<byte[], byte[]> r = s.take();
                producer.send(new ProducerRecord<>(target, 0, r.timestamp(), r.key(), r.value(), r.headers()));
                if (++copied % 1000 == 0) {
                    progress.accept(copied);
                }
                if (s.fill()) {
                    heads.add(s);
                }
            }
            producer.flush();
        } finally {
            sources.forEach(Source::close);
        }
        progress.accept(copied);
        return copied;
    }

    /** One partition, read ahead a poll at a time. */
    private static final class Source implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final TopicPartition partition;
        private final long end;
        private final Deque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();

        Source(Map<String, Object> kafkaProps, TopicPartition partition, long begin, long end) {
            Map<String, Object> props = LogScan.readerProps(kafkaProps);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.partition = partition;
            this.end = end;
            consumer.assign(List.of(partition));
            consumer.seek(partition, begin);
        }

        /** Makes sure a record is buffered if any is left below the end; false when none is. */
        boolean fill() {
            while (buffer.isEmpty() && consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(partition)) {
                    if (r.offset() < end) {
                        buffer.add(r);
                    }
                }
            }
            return !buffer.isEmpty();
        }

        ConsumerRecord<byte[], byte[]> head() {
            return buffer.peekFirst();
        }

        ConsumerRecord<byte[], byte[]> take() {
            return buffer.removeFirst();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
