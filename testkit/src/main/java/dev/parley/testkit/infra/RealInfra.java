package dev.parley.testkit.infra;

import dev.parley.infra.CassandraServer;
import dev.parley.infra.InfraException;
import dev.parley.infra.KafkaServer;
import dev.parley.infra.Ports;
import dev.parley.infra.PostgresServer;
import dev.parley.infra.RedisServer;
import dev.parley.infra.Server;
import dev.parley.ops.Ops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The real Kafka, Cassandra, Redis and PostgreSQL shared by every integration test of a JVM.
 *
 * <p>{@link #get()} starts them once, lazily, on free loopback ports with their data under
 * {@code <parley.home>/target/it-infra/<random>} (each server's log is there too), applies
 * topics.yaml (replication factor 1) and the CQL schema (keyspace {@value #KEYSPACE},
 * SimpleStrategy 1), and creates the PostgreSQL database {@value #DB_NAME} owned by
 * {@value #DB_USER} / {@value #DB_PASSWORD}. A JVM shutdown hook stops them. If starting fails,
 * every later {@code get()} in the JVM throws the same failure instead of trying again.
 */
public final class RealInfra {
    public static final String KEYSPACE = "parley";
    public static final String DB_NAME = "parley";
    public static final String DB_USER = "parley";
    public static final String DB_PASSWORD = "parley";

    private static RealInfra instance;
    private static RuntimeException failure;

    private final Path home;
    private final Path dataDir;
    private final KafkaServer kafka;
    private final CassandraServer cassandra;
    private final RedisServer redis;
    private final PostgresServer postgres;

    private RealInfra(Path home, Path dataDir) {
        this.home = home;
        this.dataDir = dataDir;
        this.kafka = new KafkaServer(new KafkaServer.Config(home, dataDir.resolve("kafka"), Ports.free(), Ports.free()));
        this.cassandra = new CassandraServer(new CassandraServer.Config(home, dataDir.resolve("cassandra"),
                Ports.free(), Ports.free(), Ports.free(), null));
        this.redis = new RedisServer(new RedisServer.Config(dataDir.resolve("redis"), Ports.free()));
        this.postgres = new PostgresServer(new PostgresServer.Config(dataDir.resolve("postgres"), Ports.free(),
                DB_NAME, DB_USER, DB_PASSWORD));
    }

    /** The running infrastructure, started on the first call. */
    public static synchronized RealInfra get() {
        if (instance != null) {
            return instance;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            Path home = TestHome.find();
            RealInfra infra = new RealInfra(home,
                    home.resolve("target/it-infra").resolve(UUID.randomUUID().toString().substring(0, 8)));
            infra.start();
            instance = infra;
            return infra;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    private void start() {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new InfraException("cannot create " + dataDir + ": " + e.getMessage());
        }
        List<Server> servers = List.of(redis, postgres, kafka, cassandra);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(servers), "real-infra-stop"));
        // Kafka and Cassandra take seconds each: start all four side by side.
        try (ExecutorService pool = Executors.newFixedThreadPool(servers.size())) {
            List<Future<?>> started = new ArrayList<>();
            servers.forEach(s -> started.add(pool.submit(s::start)));
            for (Future<?> f : started) {
                await(f);
            }
        } catch (RuntimeException e) {
            stopAll(servers);
            throw e;
        }
        Ops.applyTopics(kafka.bootstrapServers(), home.resolve("topics.yaml"), 1);
        Ops.applyCqlSchema(cassandra.contactPoint(), cassandra.localDatacenter(), KEYSPACE, Ops.LOCAL_REPLICATION);
        System.err.println("RealInfra up: kafka=" + kafkaBootstrap() + " cql=" + cqlContactPoint() + " redis="
                + redisUri() + " db=" + jdbcUrl() + " data=" + dataDir);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new InfraException(e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while starting the test infrastructure");
        }
    }

    private static void stopAll(List<Server> servers) {
        for (Server s : servers.reversed()) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                System.err.println("RealInfra: stopping " + s.name() + " failed: " + e.getMessage());
            }
        }
    }

    /** {@code 127.0.0.1:port} for {@code bootstrap.servers}. */
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** {@code 127.0.0.1:port} of Cassandra's native (CQL) port. */
    public String cqlContactPoint() {
        return cassandra.contactPoint();
    }

    public String localDatacenter() {
        return cassandra.localDatacenter();
    }

    /** The keyspace the schema was applied to: {@value #KEYSPACE}. */
    public String keyspace() {
        return KEYSPACE;
    }

    /** {@code redis://127.0.0.1:port}. */
    public String redisUri() {
        return redis.uri();
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/parley}. */
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String dbUser() {
        return DB_USER;
    }

    public String dbPassword() {
        return DB_PASSWORD;
    }

    /** The repository root (holds topics.yaml and the built jars). */
    public Path home() {
        return home;
    }

    /** Where the servers keep their data and logs for this JVM. */
    public Path dataDir() {
        return dataDir;
    }
}
