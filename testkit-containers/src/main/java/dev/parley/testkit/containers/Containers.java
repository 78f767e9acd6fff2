package dev.parley.testkit.containers;

import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestHome;
import dev.parley.testkit.infra.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.scylladb.ScyllaDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * ScyllaDB, Kafka, Redis and PostgreSQL in Docker ({@link ContainerImages}), started side by side,
 * then topics.yaml (replication factor 1) and the CQL schema applied exactly as for the local
 * processes. Each container's output goes to {@code <name>.log} in {@link #dataDir()}. A JVM
 * shutdown hook stops them; should the JVM die first, Testcontainers' Ryuk removes them.
 */
public final class Containers implements TestInfra {
    /** Scylla's default snitch puts its one node there. */
    static final String DATACENTER = "datacenter1";
    /** A small Scylla: one shard, a bounded reservation, no tuning checks of the host. */
    static final String[] SCYLLA_FLAGS = {"--smp", "1", "--memory", "750M", "--overprovisioned", "1",
            "--developer-mode", "1"};
    /**
     * The broker's settings where they matter to the tests, as module infra's local broker has
     * them. Testcontainers already sets the transaction log's replication factor and min ISR to 1
     * (exactly-once needs that on one broker); they are repeated so the rule does not hang on a
     * library default.
     */
    static final Map<String, String> KAFKA_ENV = Map.of(
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
            "KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "4",
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1",
            "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Path home;
    private final Path dataDir;
    private final ScyllaDBContainer scylla;
    private final KafkaContainer kafka;
    private final GenericContainer<?> redis;
    private final PostgreSQLContainer postgres;

    private Containers(Path home, Path dataDir) {
        this.home = home;
        this.dataDir = dataDir;
        this.scylla = configured("scylla", new ScyllaDBContainer(ContainerImages.SCYLLA).withCommand(SCYLLA_FLAGS));
        this.kafka = configured("kafka", new KafkaContainer(ContainerImages.KAFKA).withEnv(KAFKA_ENV));
        // Without persistence, as the local Redis runs.
        this.redis = configured("redis", new GenericContainer<>(DockerImageName.parse(ContainerImages.REDIS))
                .withExposedPorts(6379).withCommand("redis-server", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1)));
        this.postgres = configured("postgres", new PostgreSQLContainer(ContainerImages.POSTGRES)
                .withDatabaseName(RealInfra.DB_NAME).withUsername(RealInfra.DB_USER).withPassword(RealInfra.DB_PASSWORD));
    }

    /** Scylla and Kafka can take a while on a busy two-core machine; the default minute is too short. */
    private <C extends GenericContainer<?>> C configured(String name, C container) {
        container.withStartupTimeout(STARTUP);
        container.withLogConsumer(new LogFile(dataDir.resolve(name + ".log")));
        return container;
    }

    /** Starts all four and applies topics.yaml and the CQL schema. */
    static Containers start() {
        Path home = TestHome.find();
        Containers infra = new Containers(home, TestHome.newDataDir(home));
        infra.startAll();
        return infra;
    }

    private void startAll() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        List<GenericContainer<?>> all = List.of(scylla, kafka, redis, postgres);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(all), "containers-stop"));
        try {
            Startables.deepStart(all).join();
        } catch (CompletionException e) {
            stopAll(all);
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        applyDeclaredState();
    }

    private static void stopAll(List<GenericContainer<?>> all) {
        TestInfra.stopInReverse(all, GenericContainer::stop, c -> c.getDockerImageName());
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String cqlContactPoint() {
        return scylla.getHost() + ":" + scylla.getContactPoint().getPort();
    }

    @Override
    public String localDatacenter() {
        return DATACENTER;
    }

    @Override
    public String redisUri() {
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }

    /** Built here: the container's own URL carries a parameter, and callers append {@code ?currentSchema=}. */
    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + RealInfra.DB_NAME;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public String kind() {
        return "containers";
    }
}
