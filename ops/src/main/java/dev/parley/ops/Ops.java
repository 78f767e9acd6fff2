package dev.parley.ops;

import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.ops.internal.CqlExecutor;
import dev.parley.ops.internal.CqlSchema;
import dev.parley.ops.internal.DriverCqlExecutor;
import dev.parley.ops.internal.KafkaTopicAdmin;
import dev.parley.ops.internal.TopicAdmin;
import dev.parley.ops.internal.TopicApplier;
import dev.parley.ops.internal.TopicsYaml;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies Parley's declared infrastructure: the Kafka topics of topics.yaml and the CQL schema.
 * Both are idempotent and never destructive, so they run on every deploy and every test start.
 */
public final class Ops {
    /** The replication map for a single local node. */
    public static final String LOCAL_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

    private Ops() {
    }

    /**
     * Creates missing topics, raises partition counts that are lower than the file says (lowering is
     * only reported as a warning) and sets every config the file names; deletes nothing.
     *
     * @param replicationFactor for topics created now; 0 or less means the file's {@code defaults.replicationFactor}
     * @throws OpsException when the file is invalid or Kafka fails or does not answer
     */
    public static ApplyReport applyTopics(String bootstrapServers, Path topicsYaml, int replicationFactor) {
        return applyTopics(bootstrapServers, topicsYaml, replicationFactor, 0);
    }

    /**
     * As {@link #applyTopics(String, Path, int)}, with {@code min.insync.replicas} of every topic set
     * to {@code minInsyncReplicas} instead of what the file says (0 or less: the file's).
     *
     * @throws OpsException also when {@code minInsyncReplicas} exceeds the replication factor, which
     *                      would refuse every acks=all write
     */
    public static ApplyReport applyTopics(String bootstrapServers, Path topicsYaml, int replicationFactor,
            int minInsyncReplicas) {
        return applyTopics(bootstrapServers, KafkaClientSecurity.PLAINTEXT, topicsYaml, replicationFactor,
                minInsyncReplicas);
    }

    /** As {@link #applyTopics(String, Path, int, int)} on a Kafka that needs TLS or SASL ({@code kafka.security-protocol}, ...). */
    public static ApplyReport applyTopics(String bootstrapServers, KafkaClientSecurity security, Path topicsYaml,
            int replicationFactor, int minInsyncReplicas) {
        var file = TopicsYaml.read(topicsYaml);
        try (TopicAdmin admin = new KafkaTopicAdmin(bootstrapServers, security)) {
            return TopicApplier.apply(file, replicationFactor, minInsyncReplicas, admin);
        }
    }

    /**
     * Runs every statement of {@code parley/schema.cql} (all {@code IF NOT EXISTS}), waiting for
     * schema agreement after each.
     *
     * @param contactPoint {@code host:port} (several separated by commas)
     * @param replication  a CQL map literal, e.g. {@link #LOCAL_REPLICATION}
     * @throws OpsException when a statement fails or the cluster cannot be reached
     */
    public static void applyCqlSchema(String contactPoint, String localDc, String keyspace, String replication) {
        applyCqlSchema(contactPoint, CqlConnection.PLAIN, localDc, keyspace, replication);
    }

    /** As {@link #applyCqlSchema(String, String, String, String)} on a cluster that needs credentials or TLS ({@code cql.username}, ...). */
    public static void applyCqlSchema(String contactPoint, CqlConnection connection, String localDc, String keyspace,
            String replication) {
        List<String> statements = CqlSchema.statements(keyspace, replication);
        try (CqlExecutor cql = DriverCqlExecutor.connect(contactPoint, connection, localDc)) {
            statements.forEach(cql::execute);
        }
    }
}
