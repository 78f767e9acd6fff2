package dev.parley.common.kafka;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.DeadLetterSink;
import dev.parley.common.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link DeadLetterSink} on {@code Topics.DEAD_LETTERS}. A producer's {@code send} may block while
 * it fetches metadata, and callers must not block, so sends run on a thread of their own behind a
 * bounded backlog; a letter beyond the backlog fails at once (a flood of poison must not grow the
 * heap without bound).
 */
public final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {
    /** Letters waiting for the producer; beyond that a send fails. */
    static final int BACKLOG = 10_000;

    private final Producer<byte[], byte[]> producer;
    private final boolean ownsProducer;
    private final Serializer<DeadLetter> letters = Topics.DEAD_LETTERS.valueSerde().serializer();
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG), Thread.ofVirtual().name("dead-letters").factory(),
            new ThreadPoolExecutor.AbortPolicy());

    /**
     * @param producer a producer that is idempotent with {@code acks=all}
     * @param ownsProducer whether {@link #close()} closes the producer (false when it is shared)
     */
    public KafkaDeadLetterSink(Producer<byte[], byte[]> producer, boolean ownsProducer) {
        this.producer = producer;
        this.ownsProducer = ownsProducer;
    }

    /** A sink with a producer of its own, made from these producer properties. */
    public static KafkaDeadLetterSink open(Map<String, Object> producerProperties) {
        return new KafkaDeadLetterSink(new KafkaProducer<>(producerProperties, new ByteArraySerializer(),
                new ByteArraySerializer()), true);
    }

    @Override
    public CompletionStage<Void> send(byte[] key, DeadLetter letter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            sender.execute(() -> produce(key, letter, done));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("dead-letter backlog full or closed", e));
        }
        return done;
    }

    private void produce(byte[] key, DeadLetter letter, CompletableFuture<Void> done) {
        try {
            byte[] value = letters.serialize(Topics.DEAD_LETTERS.name(), letter);
            Produce.acknowledged(producer, new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key, value))
                    .whenComplete((written, error) -> {
                        if (error == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsProducer) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
