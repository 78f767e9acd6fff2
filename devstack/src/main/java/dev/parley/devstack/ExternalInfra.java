package dev.parley.devstack;

import java.util.Objects;

/**
 * Infrastructure a {@link LocalStack} uses instead of starting its own Redis, PostgreSQL, Kafka and
 * Cassandra: containers, or servers another harness runs. The stack applies topics.yaml and the
 * CQL schema to it (both idempotent) and starts Parley's services against it; it never stops it,
 * so {@link LocalStack#stopInfra} refuses. The PostgreSQL database must belong to the services'
 * default user ({@code parley}/{@code parley}).
 *
 * @param kafkaBootstrap     {@code host:port} list for {@code kafka.bootstrap-servers}
 * @param cqlContactPoint    {@code host:port} of ScyllaDB or Cassandra
 * @param cqlLocalDatacenter the CQL driver's local datacenter
 * @param redisUri           {@code redis://host:port}
 * @param jdbcUrl            {@code jdbc:postgresql://host:port/parley}
 */
public record ExternalInfra(String kafkaBootstrap, String cqlContactPoint, String cqlLocalDatacenter,
        String redisUri, String jdbcUrl) {

    public ExternalInfra {
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(cqlContactPoint, "cqlContactPoint");
        Objects.requireNonNull(cqlLocalDatacenter, "cqlLocalDatacenter");
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }
}
