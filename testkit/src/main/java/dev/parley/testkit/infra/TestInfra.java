package dev.parley.testkit.infra;

import dev.parley.ops.Ops;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The running Kafka, CQL store, Redis and PostgreSQL that integration tests connect to, however
 * they were started: {@link RealInfra#get()} chooses. Topics.yaml (replication factor 1) and the
 * CQL schema (keyspace {@link RealInfra#KEYSPACE}) are applied, and the PostgreSQL database
 * {@link RealInfra#DB_NAME} belongs to {@link RealInfra#DB_USER}.
 */
public interface TestInfra {
    /** {@code host:port} for {@code bootstrap.servers}. */
    String kafkaBootstrap();

    /** {@code host:port} of the CQL native port (Cassandra or ScyllaDB). */
    String cqlContactPoint();

    String localDatacenter();

    /** The keyspace the schema was applied to: {@link RealInfra#KEYSPACE}, whatever runs the servers. */
    default String keyspace() {
        return RealInfra.KEYSPACE;
    }

    /** {@code redis://host:port}. */
    String redisUri();

    /** {@code jdbc:postgresql://host:port/parley}, without parameters: callers append their own. */
    String jdbcUrl();

    default String dbUser() {
        return RealInfra.DB_USER;
    }

    default String dbPassword() {
        return RealInfra.DB_PASSWORD;
    }

    /** The repository root (holds topics.yaml and the built jars). */
    Path home();

    /** A directory of this JVM's own for data and logs (the servers' or the containers'). */
    Path dataDir();

    /** What runs the servers: {@code "local processes"} or {@code "containers"}. */
    String kind();

    /** The servers that run; the accessors of the others throw. All four unless told otherwise. */
    default Set<InfraServer> servers() {
        return EnumSet.allOf(InfraServer.class);
    }

    /**
     * What every implementation does once its servers answer: topics.yaml at replication factor 1
     * and the CQL schema in {@link #keyspace()}, so ITs see the same declared state on either.
     */
    default void applyDeclaredState() {
        if (servers().contains(InfraServer.KAFKA)) {
            Ops.applyTopics(kafkaBootstrap(), home().resolve("topics.yaml"), 1);
        }
        if (servers().contains(InfraServer.CASSANDRA)) {
            Ops.applyCqlSchema(cqlContactPoint(), localDatacenter(), keyspace(), Ops.LOCAL_REPLICATION);
        }
    }

    /** One line naming where each running server listens, for the test log. */
    default String describe() {
        Set<InfraServer> s = servers();
        StringBuilder line = new StringBuilder();
        if (s.contains(InfraServer.KAFKA)) {
            line.append(" kafka=").append(kafkaBootstrap());
        }
        if (s.contains(InfraServer.CASSANDRA)) {
            line.append(" cql=").append(cqlContactPoint());
        }
        if (s.contains(InfraServer.REDIS)) {
            line.append(" redis=").append(redisUri());
        }
        if (s.contains(InfraServer.POSTGRES)) {
            line.append(" db=").append(jdbcUrl());
        }
        return line.append(" data=").append(dataDir()).toString().strip();
    }

    /** Stops servers last-started first; a failure is printed and the rest are still stopped. */
    static <T> void stopInReverse(List<T> servers, Consumer<T> stop, Function<T, String> name) {
        for (T s : servers.reversed()) {
            try {
                stop.accept(s);
            } catch (RuntimeException e) {
                System.err.println("stopping " + name.apply(s) + " failed: " + e.getMessage());
            }
        }
    }
}
