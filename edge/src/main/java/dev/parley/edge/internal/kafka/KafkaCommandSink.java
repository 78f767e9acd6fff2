package dev.parley.edge.internal.kafka;

import dev.parley.common.event.Command;
import dev.parley.common.event.DeadLetterSink;
import dev.parley.common.kafka.KafkaDeadLetterSink;
import dev.parley.common.kafka.Produce;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.service.Timer;
import dev.parley.common.text.Exceptions;
import dev.parley.common.topic.Topics;
import dev.parley.edge.CommandSink;
import dev.parley.edge.EdgeConfig;
import dev.parley.edge.ProducerLinger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's one Kafka producer. Produces commands to {@code Topics.COMMANDS_V2} keyed by
 * conversation, so the topology sequences each conversation in one place without re-keying
 * (the per-user send limit is the edge's, before this). Idempotent, acks=all; its linger follows
 * the node's send rate ({@link ProducerLinger}, {@link LingerPacer}: every frame is a user waiting
 * for an ack). The record timestamp is the command's {@code receivedAt}. A send fails within the
 * configured delivery timeout. {@link #deadLetters()} writes to {@code Topics.DEAD_LETTERS} with the
 * same producer.
 */
public final class KafkaCommandSink implements CommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandSink.class);
    private final Producer<byte[], byte[]> producer;
    private final Serializer<Command> commands = Topics.COMMANDS_V2.valueSerde().serializer();
    private final KafkaDeadLetterSink deadLetters;
    /** Null with a fixed linger. */
    private final ScheduledExecutorService releases;
    private final LingerPacer pacer;

    KafkaCommandSink(Producer<byte[], byte[]> producer) {
        this(producer, null, null, null);
    }

    /** A linger that follows the rate, its releases run by {@code timer} (tests run them by hand). */
    KafkaCommandSink(Producer<byte[], byte[]> producer, ProducerLinger linger, Timer timer) {
        this(producer, linger, timer, null);
    }

    private KafkaCommandSink(Producer<byte[], byte[]> producer, ProducerLinger linger, Timer timer,
                             ScheduledExecutorService releases) {
        this.producer = producer;
        this.deadLetters = new KafkaDeadLetterSink(producer, false);
        this.releases = releases;
        this.pacer = timer == null ? null : new LingerPacer(producer::flush, linger, timer, System::nanoTime);
    }

    public static KafkaCommandSink create(EdgeConfig config) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(config), new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            fetchMetadata(producer);
        } catch (IllegalStateException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        ProducerLinger linger = config.kafkaProducerLinger();
        if (!linger.adaptive()) {
            return new KafkaCommandSink(producer);
        }
        // Its own thread: a release's flush blocks until the window's sends are acknowledged.
        ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-linger").daemon().factory());
        return new KafkaCommandSink(producer, linger, Timer.of(releases), releases);
    }

    /** The producer's settings; the readiness probe connects with the same ones. */
    public static Map<String, Object> producerProps(EdgeConfig config) {
        long delivery = config.kafkaDeliveryTimeout().toMillis();
        long request = Math.max(500, delivery / 2);
        return config.kafkaSecurity().applyTo(new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "parley-" + config.nodeId(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, (int) config.kafkaProducerLinger().busy().toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, request,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery)));
    }

    /**
     * Fetches the metadata of both topics before the first client arrives: otherwise the first send
     * waits for it, and on a node that starts while the machine is busy (clients moving over from a
     * lost node) that wait measured over 5 s and failed sends with {@code unavailable}. Kafka being
     * down is no reason not to start: the sends wait for it as they would anyway. Kafka refusing
     * this node's credentials or certificate is: no send would ever succeed, so the start fails.
     *
     * @throws IllegalStateException when the broker refuses to authenticate the producer
     */
    static void fetchMetadata(Producer<byte[], byte[]> producer) {
        for (String topic : List.of(Topics.COMMANDS_V2.name(), Topics.DEAD_LETTERS.name())) {
            try {
                producer.partitionsFor(topic);
            } catch (AuthenticationException e) {
                throw new IllegalStateException("Kafka refused this node's credentials or TLS (kafka.security-protocol,"
                        + " kafka.sasl-*, kafka.tls-truststore): " + Exceptions.oneLine(e), e);
            } catch (KafkaException e) {
                LOG.warn("no metadata for {} yet ({}); the first sends will wait for it", topic, Exceptions.oneLine(e));
                return;
            }
        }
    }

    @Override
    public CompletionStage<Void> send(Command command, String traceparent) {
        ProducerRecord<byte[], byte[]> record;
        try {
            record = record(command, traceparent);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> acked = Produce.acknowledged(producer, record);
        if (pacer != null) {
            pacer.sent();
        }
        return acked;
    }

    /** The record of a command: keyed by conversation, stamped with its {@code receivedAt}, with its trace header. */
    ProducerRecord<byte[], byte[]> record(Command command, String traceparent) {
        byte[] value = commands.serialize(Topics.COMMANDS_V2.name(), command);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.COMMANDS_V2.name(), null,
                command.receivedAt().toEpochMilli(), command.conversationId().getBytes(StandardCharsets.UTF_8), value);
        TraceHeader.set(record.headers(), traceparent);
        return record;
    }

    /** The dead-letter sink on this producer. */
    public DeadLetterSink deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        if (releases != null) {
            // A release flushing now is interrupted; close() below sends what is left.
            releases.shutdownNow();
        }
        deadLetters.close();
        producer.close(Duration.ofSeconds(5));
    }
}
