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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Kafka, Cassandra, Redis and PostgreSQL, those of them {@link InfraServer#selected()} names, as
 * child processes (module infra) on free loopback ports, with their data and logs under
 * {@code <parley.home>/target/it-infra/<random>}; the PostgreSQL database is created as
 * {@link TestInfra} says. The accessor of a server that was not started throws, naming the
 * property to set. A JVM shutdown hook stops them.
 */
final class LocalProcesses implements TestInfra {
    private final Path home;
    private final Path dataDir;
    private final Set<InfraServer> selected;
    private final KafkaServer kafka;
    private final CassandraServer cassandra;
    private final RedisServer redis;
    private final PostgresServer postgres;

    private LocalProcesses(Path home, Path dataDir, Set<InfraServer> selected) {
        this.home = home;
        this.dataDir = dataDir;
        this.selected = Set.copyOf(selected);
        this.kafka = selected.contains(InfraServer.KAFKA)
                ? new KafkaServer(new KafkaServer.Config(home, dataDir.resolve("kafka"), Ports.free(), Ports.free()))
                : null;
        this.cassandra = selected.contains(InfraServer.CASSANDRA)
                ? new CassandraServer(new CassandraServer.Config(home, dataDir.resolve("cassandra"),
                        Ports.free(), Ports.free(), Ports.free(), null))
                : null;
        this.redis = selected.contains(InfraServer.REDIS)
                ? new RedisServer(new RedisServer.Config(dataDir.resolve("redis"), Ports.free()))
                : null;
        this.postgres = selected.contains(InfraServer.POSTGRES)
                ? new PostgresServer(new PostgresServer.Config(dataDir.resolve("postgres"), Ports.free(),
                        RealInfra.DB_NAME, RealInfra.DB_USER, RealInfra.DB_PASSWORD))
                : null;
    }

    /** Starts the selected servers and applies topics.yaml and the CQL schema to those of them that take it. */
    static LocalProcesses start(Set<InfraServer> selected) {
        Path home = TestHome.find();
        LocalProcesses infra = new LocalProcesses(home, TestHome.newDataDir(home), selected);
        infra.startAll();
        return infra;
    }

    private void startAll() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new InfraException("cannot create " + dataDir + ": " + e.getMessage());
        }
        List<Server> servers = Stream.of(redis, postgres, kafka, cassandra).filter(Objects::nonNull).toList();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(servers), "real-infra-stop"));
        // Kafka and Cassandra take seconds each: start them side by side.
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
        return started(kafka, InfraServer.KAFKA).bootstrapServers();
    }

    @Override
    public String cqlContactPoint() {
        return started(cassandra, InfraServer.CASSANDRA).contactPoint();
    }

    @Override
    public String localDatacenter() {
        return started(cassandra, InfraServer.CASSANDRA).localDatacenter();
    }

    @Override
    public String redisUri() {
        return started(redis, InfraServer.REDIS).uri();
    }

    @Override
    public String jdbcUrl() {
        return started(postgres, InfraServer.POSTGRES).jdbcUrl();
    }

    private <S extends Server> S started(S server, InfraServer which) {
        if (server == null) {
            throw which.notStarted(selected);
        }
        return server;
    }

    @Override
    public Set<InfraServer> servers() {
        return selected;
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
