package dev.parley.devstack;

import static dev.parley.devstack.LocalStack.CQL_REPLICATION;
import static dev.parley.devstack.LocalStack.DATABASE;
import static dev.parley.devstack.LocalStack.KEYSPACE;
import static dev.parley.devstack.LocalStack.SERVICE_READY_TIMEOUT;
import static dev.parley.devstack.LocalStack.oneLine;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.devstack.internal.Progress;
import dev.parley.devstack.internal.ServiceProcess;
import dev.parley.devstack.internal.ServiceSpec;
import dev.parley.devstack.internal.ServiceSpecs;
import dev.parley.devstack.internal.ServiceSpecs.Endpoints;
import dev.parley.infra.CassandraServer;
import dev.parley.infra.InfraException;
import dev.parley.infra.Jdks;
import dev.parley.infra.KafkaServer;
import dev.parley.infra.Ports;
import dev.parley.infra.PostgresServer;
import dev.parley.infra.RedisSentinel;
import dev.parley.infra.RedisServer;
import dev.parley.infra.Server;
import dev.parley.ops.ApplyReport;
import dev.parley.ops.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The start sequence of {@link LocalStack}: checks first (ports, jars, JDK 17), then the servers
 * (Kafka and Cassandra side by side), topics and schema, then the services. Everything it starts is
 * registered with the stack before it starts, so the stack can stop it if anything fails.
 */
final class Boot {
    /** The Sentinels' name for the local primary: the {@code #fragment} of the services' {@code redis.uri}. */
    static final String REDIS_GROUP = "parley";
    /**
     * How long a primary may not answer before a Sentinel finds it down. A second is safe on
     * loopback (no network to be slow) and, with the election, puts the promoted replica in service
     * 2–3 s after the primary stopped (RedisFailoverIT).
     */
    static final Duration REDIS_DOWN_AFTER = Duration.ofSeconds(1);
    private final LocalStack stack;
    private final StackConfig config;
    private final Progress progress;
    private Path java17;
    /** How the stack's own clients (topics, schema) connect: the services' security keys, so a secured infrastructure works too. */
    private KafkaClientSecurity kafkaSecurity = KafkaClientSecurity.PLAINTEXT;
    private CqlConnection cqlConnection = CqlConnection.PLAIN;

    Boot(LocalStack stack) {
        this.stack = stack;
        this.config = stack.config;
        this.progress = stack.progress;
    }

    void run() {
        preflight();
        Path data = config.dataDir();
        if (stack.external != null) {
            ExternalInfra x = stack.external;
            progress.note("Starting Parley on external infrastructure: kafka " + x.kafkaBootstrap() + ", cql "
                    + x.cqlContactPoint() + " (data in " + data + ")");
            stack.endpoints = new Endpoints(x.kafkaBootstrap(), x.cqlContactPoint(), x.cqlLocalDatacenter(), KEYSPACE,
                    x.redisUri(), x.jdbcUrl());
            applyDeclaredState();
            return;
        }
        progress.note("Starting Parley (data in " + data + ")");
        stack.redis = new RedisServer(new RedisServer.Config(data.resolve("redis"), config.redisPort()));
        startServer(stack.redis, "redis", "127.0.0.1:" + config.redisPort());
        String redisUri = startRedisFailover(data);
        stack.postgres = new PostgresServer(new PostgresServer.Config(data.resolve("postgres"),
                config.postgresPort(), DATABASE, ServiceSpecs.DB_USER, ServiceSpecs.DB_PASSWORD));
        startServer(stack.postgres, "postgres", "127.0.0.1:" + config.postgresPort());
        stack.kafkaNodes = kafkaNodes(data);
        stack.cassandra = new CassandraServer(new CassandraServer.Config(config.home(),
                data.resolve("cassandra"), config.cqlPort(), config.cqlStoragePort(), config.cqlJmxPort(), java17));
        // The slow two (seconds each) start side by side, and a cluster's nodes too: each waits for a quorum.
        List<Runnable> starts = new ArrayList<>();
        stack.kafkaNodes.forEach(k -> starts.add(() -> startServer(k, k.name(), k.bootstrapServers())));
        starts.add(() -> startServer(stack.cassandra, "cassandra", "127.0.0.1:" + config.cqlPort()));
        concurrently(starts);
        String bootstrap = String.join(",", stack.kafkaNodes.stream().map(KafkaServer::bootstrapServers).toList());
        stack.endpoints = new Endpoints(bootstrap, stack.cassandra.contactPoint(),
                stack.cassandra.localDatacenter(), KEYSPACE, redisUri, stack.postgres.jdbcUrl());
        applyDeclaredState();
    }

    /**
     * With {@code devstack.redis-replicas}, the replicas and the Sentinels that watch the primary
     * (a quorum of two, down after {@link #REDIS_DOWN_AFTER}).
     *
     * @return the URI the services reach Redis by: the primary's, or the Sentinels' that name it
     */
    private String startRedisFailover(Path data) {
        int n = config.redisReplicas();
        if (n == 0) {
            return stack.redis.uri();
        }
        List<RedisServer> replicas = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = "redis-" + (i + 1);
            RedisServer r = new RedisServer(new RedisServer.Config(data.resolve(name), config.redisReplicaPort(i), "",
                    name, config.redisPort()));
            replicas.add(r);
            stack.redisReplicas = List.copyOf(replicas);
            startServer(r, name, "127.0.0.1:" + config.redisReplicaPort(i));
        }
        List<RedisSentinel> sentinels = new ArrayList<>();
        for (int j = 1; j <= StackConfig.REDIS_SENTINELS; j++) {
            String name = "redis-sentinel-" + j;
            RedisSentinel s = new RedisSentinel(new RedisSentinel.Config(data.resolve(name), config.redisSentinelPort(j),
                    name, REDIS_GROUP, config.redisPort(), StackConfig.REDIS_SENTINELS / 2 + 1, REDIS_DOWN_AFTER, ""));
            sentinels.add(s);
            stack.redisSentinels = List.copyOf(sentinels);
            startServer(s, name, s.address());
        }
        return "redis-sentinel://" + String.join(",", sentinels.stream().map(RedisSentinel::address).toList())
                + "#" + REDIS_GROUP;
    }

    /** One node on the stack's Kafka ports, or {@code devstack.kafka-brokers} nodes of one cluster. */
    private List<KafkaServer> kafkaNodes(Path data) {
        int n = config.kafkaBrokers();
        if (n == 1) {
            return List.of(new KafkaServer(new KafkaServer.Config(config.home(), data.resolve("kafka"),
                    config.kafkaPort(), config.kafkaControllerPort()), stack.aot));
        }
        List<Integer> controllers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            controllers.add(config.kafkaControllerPort(i));
        }
        List<KafkaServer> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Path dir = data.resolve(i == 1 ? "kafka" : "kafka-" + i);
            var quorum = new KafkaServer.Quorum(i, controllers, data.resolve("kafka").resolve("cluster-id"));
            nodes.add(new KafkaServer(new KafkaServer.Config(config.home(), dir, config.kafkaPort(i),
                    config.kafkaControllerPort(i), null, quorum), stack.aot));
        }
        return List.copyOf(nodes);
    }

    private void applyDeclaredState() {
        applyTopics();
        applySchema();
        if (config.startServices()) {
            startServices();
        }
    }

    /** Everything that can be checked before anything starts, so a mistake costs no waiting. */
    private void preflight() {
        Settings serviceSettings = Settings.of(config.serviceSettings());
        kafkaSecurity = KafkaClientSecurity.from(serviceSettings);
        cqlConnection = CqlConnection.from(serviceSettings);
        try {
            serviceSettings.validate();
        } catch (ConfigException e) {
            throw new InfraException("the services' settings: " + e.getMessage());
        }
        List<String> missing = new ArrayList<>();
        boolean own = stack.external == null;
        for (String dist : own ? List.of("kafka", "cassandra") : List.<String>of()) {
            Path lib = config.home().resolve("dist").resolve(dist).resolve("target").resolve("lib");
            if (!hasJars(lib)) {
                missing.add(config.home().relativize(lib) + "/");
            }
        }
        if (config.startServices()) {
            for (ServiceSpec s : ServiceSpecs.all(config, expectedEndpoints())) {
                if (s.findJar(config.home()).isEmpty()) {
                    missing.add(s.module() + "/target/" + s.artifact() + "-*.jar");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new InfraException("not built yet: " + String.join(", ", missing)
                    + " (under " + config.home() + "): run ./mvnw package first");
        }
        if (!Files.isRegularFile(topicsYaml())) {
            throw new InfraException("no topics.yaml in " + config.home() + " (is it the root of the checkout?)");
        }
        if (!config.portClashes().isEmpty()) {
            throw new InfraException(String.join("; ", config.portClashes()));
        }
        (own ? config.ports() : config.servicePorts()).forEach((what, port) -> Ports.requireFree(port, what));
        java17 = own ? Jdks.java17() : null;
        try {
            Files.createDirectories(config.logsDir());
        } catch (IOException e) {
            throw new InfraException("cannot create the data folder " + config.dataDir() + ": " + e.getMessage());
        }
    }

    private Endpoints expectedEndpoints() {
        return new Endpoints("127.0.0.1:" + config.kafkaPort(), "127.0.0.1:" + config.cqlPort(),
                "datacenter1", KEYSPACE, "redis://127.0.0.1:" + config.redisPort(),
                "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/" + DATABASE);
    }

    private void startServer(Server s, String what, String where) {
        stack.started.addLast(s);
        if (stack.closing) {
            stack.started.remove(s);
            throw new InfraException("the local stack was closed while it was starting");
        }
        Instant t0 = progress.now();
        s.start();
        progress.done(what, where, "ready", t0, s.aotUse().note());
    }

    private void concurrently(List<Runnable> tasks) {
        List<String> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<?>> futures = tasks.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failures.add(oneLine(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("interrupted");
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new InfraException(String.join("; ", failures));
        }
    }

    private void applyTopics() {
        Instant t0 = progress.now();
        ApplyReport report;
        try {
            // On a cluster: three replicas (fewer on two nodes), writable with one node down.
            int replicas = stack.external == null ? Math.min(3, config.kafkaBrokers()) : 1;
            report = Ops.applyTopics(stack.endpoints.kafkaBootstrap(), kafkaSecurity, topicsYaml(), replicas,
                    replicas > 1 ? replicas - 1 : 0);
        } catch (RuntimeException e) {
            throw new InfraException("applying topics.yaml failed: " + oneLine(e));
        }
        int created = report.created().size();
        progress.done("topics", "topics.yaml", "applied", t0, created == 0 ? "" : " (" + created + " created)");
        report.changes().stream()
                .filter(c -> c.kind() != ApplyReport.Kind.CREATED)
                .forEach(c -> progress.note("             " + c));
    }

    private void applySchema() {
        Instant t0 = progress.now();
        try {
            Ops.applyCqlSchema(stack.endpoints.cqlContactPoint(), cqlConnection, stack.endpoints.cqlLocalDatacenter(),
                    KEYSPACE, CQL_REPLICATION);
        } catch (RuntimeException e) {
            throw new InfraException("applying the CQL schema failed: " + oneLine(e));
        }
        progress.done("schema", "keyspace " + KEYSPACE, "applied", t0);
    }

    /**
     * Auth, the topology and the sinks side by side, then the edge, which fetches auth's signing keys
     * as it starts. One after the other they took 28 s of a test stack's minute on two cores.
     */
    private void startServices() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<Runnable> first = new ArrayList<>();
        Runnable edge = null;
        for (ServiceSpec spec : ServiceSpecs.all(config, stack.endpoints)) {
            Path jar = spec.findJar(config.home()).orElseThrow(() -> new InfraException(
                    "no " + spec.artifact() + " jar in " + spec.targetDir(config.home()) + ": run ./mvnw package first"));
            ServiceProcess p = new ServiceProcess(spec, java, jar, config.dataDir(),
                    config.logsDir().resolve(spec.name() + ".log"), SERVICE_READY_TIMEOUT, stack.clock, stack.aot);
            stack.services.put(spec.name(), p);
            Runnable start = () -> startServer(p, spec.name(), spec.endpoint());
            if (spec.name().equals("edge")) {
                edge = start;
            } else {
                first.add(start);
            }
        }
        concurrently(first);
        if (edge != null) {
            edge.run();
        }
    }

    private Path topicsYaml() {
        return config.home().resolve("topics.yaml");
    }

    private static boolean hasJars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
