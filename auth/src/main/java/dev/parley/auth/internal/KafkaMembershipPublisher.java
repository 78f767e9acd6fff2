package dev.parley.auth.internal;

import dev.parley.auth.MembershipPublisher;
import dev.parley.auth.StorageException;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes snapshots with an idempotent producer (acks=all, one request in flight) so that
 * retries neither duplicate nor reorder records of a partition.
 */
public final class KafkaMembershipPublisher implements MembershipPublisher {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, ConversationMembers> producer;
    private final AutoCloseable clientMetrics;

    public KafkaMembershipPublisher(Producer<String, ConversationMembers> producer) {
        this(producer, () -> { });
    }

    private KafkaMembershipPublisher(Producer<String, ConversationMembers> producer, AutoCloseable clientMetrics) {
        this.producer = producer;
        this.clientMetrics = clientMetrics;
    }

    /** The producer settings this publisher relies on. */
    public static Map<String, Object> producerConfig(String bootstrapServers, KafkaClientSecurity security) {
        return security.applyTo(new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "parley-auth-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)));
    }

    /** A publisher whose producer's client metrics ({@code kafka.producer.*}) are bound to {@code meters}. */
    public static KafkaMembershipPublisher create(String bootstrapServers, KafkaClientSecurity security,
                                                  MeterRegistry meters) {
        Producer<String, ConversationMembers> producer = new KafkaProducer<>(producerConfig(bootstrapServers, security),
                Topics.MEMBERSHIPS.keySerde().serializer(), Topics.MEMBERSHIPS.valueSerde().serializer());
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(meters);
        return new KafkaMembershipPublisher(producer, clientMetrics);
    }

    @Override
    public void publish(List<ConversationMembers> snapshots) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(snapshots.size());
        try {
            for (ConversationMembers m : snapshots) {
                acks.add(producer.send(new ProducerRecord<>(Topics.MEMBERSHIPS.name(), m.conversationId(), m)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(DELIVERY_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while publishing memberships", e);
        } catch (ExecutionException e) {
            throw new StorageException("cannot publish memberships: " + e.getCause(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new StorageException("cannot publish memberships: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            clientMetrics.close();
        } catch (Exception e) {
            // only the binder's refresh timer: the producer is closed below all the same
        }
        producer.close(Duration.ofSeconds(5));
    }
}
