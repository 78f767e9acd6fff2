package dev.parley.testkit.infra;

import dev.parley.infra.CassandraServer;
import dev.parley.infra.InfraException;
import dev.parley.infra.KafkaServer;
import dev.parley.infra.Ports;
import dev.parley.infra.PostgresServer;
import dev.parley.infra.RedisServer;
import dev.parley.infra.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Kafka, Cassandra, Redis and PostgreSQL as child processes (module infra) on free loopback
 * ports, with their data and logs under {@code <parley.home>/target/it-infra/<random>}; the
 * PostgreSQL database is created as {@link TestInfra} says. A JVM shutdown hook stops them.
 */
final class LocalProcesses implements TestInfra {
    private final Path home;
    private final Path dataDir;
    private final KafkaServer kafka;
    private final CassandraServer cassandra;
    private final RedisServer redis;
    private final PostgresServer postgres;

    private LocalProcesses(Path home, Path dataDir) {
        this.home = home;
        this.dataDir = dataDir;
        this.kafka = new KafkaServer(new KafkaServer.Config(home, dataDir.resolve("kafka"), Ports.free(), Ports.free()));
        this.cassandra = new CassandraServer(new CassandraServer.Config(home, dataDir.resolve("cassandra"),
                Ports.free(), Ports.free(), Ports.free(), null));
        this.redis = new RedisServer(new RedisServer.Config(dataDir.resolve("redis"), Ports.free()));
        this.postgres = new PostgresServer(new PostgresServer.Config(dataDir.resolve("postgres"), Ports.free(),
                RealInfra.DB_NAME, RealInfra.DB_USER, RealInfra.DB_PASSWORD));
    }

    /** Starts all four and applies topics.yaml and the CQL schema. */
    static LocalProcesses start() {
        Path home = TestHome.find();
        LocalProcesses infra = new LocalProcesses(home, TestHome.newDataDir(home));
        infra.startAll();
        return infra;
    }

    private void startAll() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
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
        applyDeclaredState();
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
        TestInfra.stopInReverse(servers, Server::stop, Server::name);
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    @Override
    public String cqlContactPoint() {
        return cassandra.contactPoint();
    }

    @Override
    public String localDatacenter() {
        return cassandra.localDatacenter();
    }

    @Override
    public String redisUri() {
        return redis.uri();
    }

    @Override
    public String jdbcUrl() {
        return postgres.jdbcUrl();
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
        return "local processes";
    }
}
