package dev.parley.edge.internal;

import dev.parley.common.event.Command;
import dev.parley.common.topic.Topics;
import dev.parley.edge.CommandSink;
import dev.parley.edge.EdgeConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces commands to {@code Topics.COMMANDS} keyed by user: idempotent, acks=all, no linger
 * (latency over batching: every frame is a user waiting for an ack). The record timestamp is the
 * command's {@code receivedAt}. A send fails within the configured delivery timeout.
 */
public final class KafkaCommandSink implements CommandSink {
    private final Producer<String, Command> producer;

    KafkaCommandSink(Producer<String, Command> producer) {
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
        return new KafkaCommandSink(new KafkaProducer<>(props, Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer()));
    }

    @Override
    public CompletionStage<Void> send(Command command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ProducerRecord<String, Command> record = new ProducerRecord<>(Topics.COMMANDS.name(), null,
                command.receivedAt().toEpochMilli(), command.userId(), command);
        try {
            producer.send(record, (metadata, e) -> {
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

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
