package dev.parley.common.kafka;

import dev.parley.common.observe.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness for "Kafka is reachable": asks the cluster for its id through an admin client of its
 * own (a producer or consumer that is waiting on a dead broker cannot be asked). One round trip
 * per {@link #TTL} at most.
 */
public final class KafkaProbe implements AutoCloseable {
    static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final HealthCheck check;

    private KafkaProbe(Admin admin, Clock clock) {
        this.admin = admin;
        this.check = HealthCheck.cached(() -> "cluster " + admin.describeCluster(
                        new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .clusterId().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS), TTL, clock);
    }

    /** {@code clientProps}: the service's client settings (bootstrap servers, security); only the connection ones matter. */
    public static KafkaProbe create(Map<String, Object> clientProps, String clientId, Clock clock) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.keySet().removeIf(k -> !k.startsWith("bootstrap.") && !k.startsWith("security.")
                && !k.startsWith("sasl.") && !k.startsWith("ssl.") && !k.startsWith("client.dns"));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-health");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return new KafkaProbe(Admin.create(props), clock);
    }

    public HealthCheck check() {
        return check;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
