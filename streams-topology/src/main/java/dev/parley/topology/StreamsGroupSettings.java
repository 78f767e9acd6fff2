package dev.parley.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Under the streams rebalance protocol the broker, not the client, holds a group's session timeout,
 * heartbeat interval and standby replicas: a client's {@code session.timeout.ms} or
 * {@code num.standby.replicas} is ignored. This writes {@link TopologyConfig#groupConfigs()} to the
 * group (an incremental alter, so any other group config an operator set stays) before the client
 * joins, so {@code topology.session-timeout} and {@code topology.standby-replicas} mean the same under
 * either protocol. Every instance writes the same values; the last write wins and they agree.
 *
 * <p>A broker that refuses (a session timeout below its {@code group.streams.min.session.timeout.ms},
 * more standbys than its {@code group.streams.max.standby.replicas}, no streams groups at all) fails
 * the start with its reason rather than leaving the group on defaults nobody chose (a 45 s session).
 */
public final class StreamsGroupSettings {
    private StreamsGroupSettings() {
    }

    /** Applies the group configs of {@code config}, if it has any, within {@code timeout}. */
    public static void apply(TopologyConfig config, Duration timeout) {
        Map<String, String> configs = config.groupConfigs();
        if (configs.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        config.streamsProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(k))) {
                props.put(k, v);
            }
        });
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, config.applicationId());
        List<AlterConfigOp> ops = configs.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try (Admin admin = Admin.create(props)) {
            admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused the streams group configs " + configs + " of group "
                    + config.applicationId() + " (" + TopologyConfig.SESSION_TIMEOUT + ", "
                    + TopologyConfig.STANDBY_REPLICAS + "; or set " + TopologyConfig.GROUP_PROTOCOL + "=classic): "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " while setting the streams"
                    + " group configs of group " + config.applicationId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the streams group configs", e);
        }
    }
}
