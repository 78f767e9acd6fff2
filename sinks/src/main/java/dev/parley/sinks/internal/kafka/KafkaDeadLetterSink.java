package dev.parley.sinks.internal.kafka;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.DeadLetterSink;
import dev.parley.sinks.SinksConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** {@link DeadLetterSink} on the dead-letter topic, with a producer of the sinks' own. */
public final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {
    private final Producer<byte[], byte[]> producer;

    public KafkaDeadLetterSink(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Acknowledged by every in-sync replica, idempotent; {@code send} never blocks longer than
     * {@code sinks.request-timeout} for metadata, and a letter not acknowledged within twice that
     * fails (an outage: the worker retries it).
     */
    public static Map<String, Object> properties(SinksConfig config) {
        int timeout = (int) Math.min(Integer.MAX_VALUE / 2, config.requestTimeout().toMillis());
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "parley-sinks-dead-letters");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeout);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        return props;
    }

    public static KafkaDeadLetterSink open(SinksConfig config) {
        return new KafkaDeadLetterSink(
                new KafkaProducer<>(properties(config), new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public CompletionStage<Void> send(byte[] key, DeadLetter letter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key, Json.writeBytes(letter)),
                    (metadata, error) -> {
                        if (error == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
