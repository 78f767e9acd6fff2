package dev.parley.topology;

import dev.parley.common.event.Command;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Reply;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topic;
import dev.parley.common.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the edges and auth would write, and what the sinks would read, on the real broker: commands
 * and membership snapshots in, and read_committed reading of the topology's outputs.
 */
final class KafkaIO implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    KafkaIO(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_097_152),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A command as the edge writes it: keyed by user, record time = when the edge received it. */
    void command(Command c) {
        producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, c.receivedAt().toEpochMilli(), c.userId(),
                Json.writeBytes(c)));
    }

    /** A member-list snapshot as auth's outbox relay writes it, acknowledged before returning. */
    void members(ConversationMembers m) {
        raw(Topics.MEMBERSHIPS.name(), m.conversationId(), Json.writeBytes(m));
    }

    /** Any bytes, acknowledged before returning. */
    void raw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, null, Instant.now().toEpochMilli(), key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e.getCause());
        }
    }

    void flush() {
        producer.flush();
    }

    /**
     * A read_committed consumer of every partition of {@code topic}, from the beginning. It asks
     * the broker to answer a fetch after at most 5 ms when nothing is there, so a latency
     * measurement sees a record within about 5 ms of its commit.
     */
    <V> KafkaConsumer<String, V> committedReader(Topic<String, V> topic) {
        KafkaConsumer<String, V> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4_194_304),
                new StringDeserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = c.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }

    /**
     * Every committed record of {@code topic} that {@code keep} accepts, in offset order per
     * partition, up to the topic's current last stable offsets.
     */
    <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic, Predicate<ConsumerRecord<String, V>> keep) {
        try (KafkaConsumer<String, V> c = committedReader(topic)) {
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " to its end in 2 minutes");
                }
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keep.test(r)) {
                        out.add(r);
                    }
                });
            }
            return out;
        }
    }

    /**
     * What the sessions of edge node {@code nodeId} are answered, committed so far: its replies, and
     * the acks riding on deliveries ({@link Delivery#ackTo}).
     */
    List<Reply> answersOf(String nodeId) {
        List<Reply> out = new ArrayList<>(readAll(Topics.REPLIES, r -> nodeId.equals(r.key())).stream()
                .map(ConsumerRecord::value).toList());
        readAll(Topics.DELIVERIES, r -> answer(r.value(), nodeId) != null)
                .forEach(r -> out.add(answer(r.value(), nodeId)));
        return out;
    }

    /**
     * A read_committed consumer of the replies and the deliveries, every partition, from the
     * beginning (as {@link #committedReader}); {@link #answer(ConsumerRecord, String)} reads its records.
     */
    KafkaConsumer<String, byte[]> answerReader() {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.REPLIES.name(), Topics.DELIVERIES.name())) {
            c.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }

    /** The answer to a session of {@code nodeId} a record of {@link #answerReader} carries, or null. */
    static Reply answer(ConsumerRecord<String, byte[]> r, String nodeId) {
        if (r.topic().equals(Topics.REPLIES.name())) {
            return nodeId.equals(r.key()) ? Topics.REPLIES.valueSerde().deserializer().deserialize(r.topic(), r.value())
                    : null;
        }
        return answer(Topics.DELIVERIES.valueSerde().deserializer().deserialize(r.topic(), r.value()), nodeId);
    }

    /** The ack a delivery carries for a session of {@code nodeId}, as the reply it replaces; or null. */
    static Reply answer(Delivery d, String nodeId) {
        Reply ack = d == null ? null : d.ackReply();
        return ack != null && ack.origin().nodeId().equals(nodeId) ? ack : null;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
