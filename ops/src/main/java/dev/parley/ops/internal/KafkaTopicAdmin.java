package dev.parley.ops.internal;

import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.ops.OpsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/** {@link TopicAdmin} on the Kafka Admin API. */
public final class KafkaTopicAdmin implements TopicAdmin {
    private static final long TIMEOUT_S = 60;
    private final Admin admin;
    private final String bootstrap;

    public KafkaTopicAdmin(String bootstrapServers, KafkaClientSecurity security) {
        Properties p = security.applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "parley-ops");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        this.admin = Admin.create(p);
        this.bootstrap = bootstrapServers;
    }

    @Override
    public Map<String, TopicState> describe(Collection<String> names) {
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<String> present = names.stream().filter(existing::contains).toList();
        if (present.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(present).allTopicNames(), "describe topics");
        List<ConfigResource> resources = new ArrayList<>();
        present.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
        Map<String, TopicState> out = new HashMap<>();
        for (String n : present) {
            TopicDescription d = descriptions.get(n);
            Map<String, String> values = new HashMap<>();
            for (ConfigEntry e : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n)).entries()) {
                if (e.value() != null) {
                    values.put(e.name(), e.value());
                }
            }
            int rf = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
            out.put(n, new TopicState(d.partitions().size(), rf, values));
        }
        return out;
    }

    @Override
    public void create(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        NewTopic t = new NewTopic(name, partitions, replicationFactor).configs(configs);
        try {
            admin.createTopics(List.of(t)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw failure("create topic " + name, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failure("create topic " + name, e);
        }
    }

    @Override
    public void raisePartitions(String name, int total) {
        await(admin.createPartitions(Map.of(name, NewPartitions.increaseTo(total))).all(), "raise partitions of " + name);
    }

    @Override
    public void setConfigs(String name, Map<String, String> configs) {
        List<AlterConfigOp> ops = configs.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, name);
        await(admin.incrementalAlterConfigs(Map.of(r, ops)).all(), "update configs of " + name);
    }

    @Override
    public void close() {
        admin.close();
    }

    private <T> T await(KafkaFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failure(what, e);
        }
    }

    private OpsException failure(String what, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer from Kafka at " + bootstrap + " within " + TIMEOUT_S + " s"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new OpsException("cannot " + what + ": " + reason, cause);
    }
}
