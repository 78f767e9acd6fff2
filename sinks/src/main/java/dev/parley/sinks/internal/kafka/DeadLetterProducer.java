package dev.parley.sinks.internal.kafka;

import dev.parley.sinks.SinksConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The sinks' dead-letter producer: their own, so a letter never waits behind another client's batch. */
public final class DeadLetterProducer {
    private DeadLetterProducer() {
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
        config.kafkaSecurity().applyTo(props);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "parley-sinks-dead-letters");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeout);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        return props;
    }
}
