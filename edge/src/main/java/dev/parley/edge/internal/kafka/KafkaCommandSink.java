package dev.parley.edge.internal.kafka;

import dev.parley.common.event.Command;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.topic.Topics;
import dev.parley.edge.CommandSink;
import dev.parley.edge.DeadLetterSink;
import dev.parley.edge.EdgeConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's one Kafka producer. Produces commands to {@code Topics.COMMANDS} keyed by user:
 * idempotent, acks=all, no linger (latency over batching: every frame is a user waiting for an
 * ack). The record timestamp is the command's {@code receivedAt}. A send fails within the
 * configured delivery timeout. {@link #deadLetters()} writes to {@code Topics.DEAD_LETTERS} with
 * the same producer, from a thread of its own (a send may block while metadata is fetched, and
 * its callers are I/O threads).
 */
public final class KafkaCommandSink implements CommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandSink.class);
    /** Dead letters waiting to be sent; beyond that they are logged and dropped (a flood of poison). */
    private static final int DEAD_LETTER_BACKLOG = 10_000;

    private final Producer<String, byte[]> producer;
    private final Serializer<Command> commands = Topics.COMMANDS.valueSerde().serializer();
    private final Serializer<DeadLetter> letters = Topics.DEAD_LETTERS.valueSerde().serializer();
    private final ThreadPoolExecutor deadLetterThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(DEAD_LETTER_BACKLOG), Thread.ofVirtual().name("dead-letters").factory(),
            (task, pool) -> LOG.warn("dead-letter backlog full, dropping one"));

    KafkaCommandSink(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public static KafkaCommandSink create(EdgeConfig config) {
        long delivery = config.kafkaDeliveryTimeout().toMillis();
        long request = Math.max(500, delivery / 2);
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "parley-" + config.nodeId(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, request,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        return new KafkaCommandSink(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
    }

    @Override
    public CompletionStage<Void> send(Command command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            byte[] value = commands.serialize(Topics.COMMANDS.name(), command);
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, command.receivedAt().toEpochMilli(),
                    command.userId(), value), (metadata, e) -> {
                        if (e == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(e);
                        }
                    });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** The dead-letter sink on this producer. */
    public DeadLetterSink deadLetters() {
        return (key, letter) -> deadLetterThread.execute(() -> {
            try {
                producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key,
                        letters.serialize(Topics.DEAD_LETTERS.name(), letter)), (metadata, e) -> {
                            if (e != null) {
                                LOG.warn("dead letter from {} not written: {}", key, e.toString());
                            }
                        });
            } catch (RuntimeException e) {
                LOG.warn("dead letter from {} not written: {}", key, e.toString());
            }
        });
    }

    @Override
    public void close() {
        deadLetterThread.shutdown();
        try {
            deadLetterThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
