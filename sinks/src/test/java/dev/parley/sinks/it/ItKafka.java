package dev.parley.sinks.it;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka as the sinks' ITs use it: raw bytes straight onto an input topic (what a buggy or hostile
 * producer could put there), and the dead-letter topic read from its beginning.
 */
public final class ItKafka implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> letters;
    private final List<DeadLetter> read = new ArrayList<>();

    public ItKafka(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        letters = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(Topics.DEAD_LETTERS.name(), 0);
        letters.assign(List.of(tp));
        letters.seekToBeginning(List.of(tp));
    }

    /** Puts the bytes on the topic as they are; returns where they landed. */
    public RecordMetadata send(String topic, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The dead letter of the record at {@code at}, if one has been written by now. */
    public synchronized Optional<DeadLetter> letterOf(RecordMetadata at) {
        letters.poll(Duration.ofMillis(200)).forEach(r -> read.add(Json.read(r.value(), DeadLetter.class)));
        return read.stream().filter(l -> l.sourceTopic().equals(at.topic()) && l.partition() == at.partition()
                && l.offset() == at.offset()).findFirst();
    }

    /** Every dead letter read so far of records on {@code topic}. */
    public synchronized List<DeadLetter> lettersFrom(String topic) {
        letters.poll(Duration.ofMillis(200)).forEach(r -> read.add(Json.read(r.value(), DeadLetter.class)));
        return read.stream().filter(l -> l.sourceTopic().equals(topic)).toList();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        letters.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
