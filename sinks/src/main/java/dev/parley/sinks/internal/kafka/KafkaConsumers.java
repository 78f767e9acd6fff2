package dev.parley.sinks.internal.kafka;

import dev.parley.sinks.SinksConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Consumer properties shared by both workers. */
public final class KafkaConsumers {
    private KafkaConsumers() {
    }

    /**
     * Read-committed (only what the topology's transactions committed), manual commits after a
     * batch succeeded.
     *
     * @param autoOffsetReset where a group without committed offsets starts: {@code earliest} for
     *                        the history writer (history is complete), {@code latest} for the router
     *                        (old deliveries are not re-sent; clients catch up from history)
     */
    public static Map<String, Object> properties(SinksConfig config, String groupId, String autoOffsetReset) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        config.kafkaSecurity().applyTo(props);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        // Kafka's 45 s default would hold a crashed instance's partitions (and a restarted instance's
        // rejoin) for 45 s: every delivery of the cluster waits that long.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.sessionTimeout().toMillis() / 3);
        return props;
    }
}
