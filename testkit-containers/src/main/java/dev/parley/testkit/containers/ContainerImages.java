package dev.parley.testkit.containers;

/**
 * The images {@link Containers} runs, one constant each: the compose file pins the same ones and a
 * test compares the two, so that the integration tests and a containerised stack never drift apart.
 */
public final class ContainerImages {
    /** ScyllaDB, the production CQL store (the local processes run Cassandra instead). */
    public static final String SCYLLA = "scylladb/scylla:6.2.3";
    /** The same Kafka version as the clients ({@code kafka.version} in the root pom). */
    public static final String KAFKA = "apache/kafka:4.4.0";
    public static final String REDIS = "redis:7.4-alpine";
    public static final String POSTGRES = "postgres:16-alpine";

    private ContainerImages() {
    }
}
