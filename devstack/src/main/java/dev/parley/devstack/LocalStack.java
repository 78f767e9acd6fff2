package dev.parley.devstack;

import dev.parley.common.text.Exceptions;
import dev.parley.devstack.internal.InstanceSettings;
import dev.parley.devstack.internal.Progress;
import dev.parley.devstack.internal.ServiceProcess;
import dev.parley.devstack.internal.ServiceSpecs;
import dev.parley.infra.AotCache;
import dev.parley.infra.CassandraServer;
import dev.parley.infra.InfraException;
import dev.parley.infra.KafkaServer;
import dev.parley.infra.PostgresServer;
import dev.parley.infra.RedisServer;
import dev.parley.infra.Server;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Parley on this machine, without Docker: Redis, PostgreSQL, Kafka and Cassandra as
 * child processes (module infra), topics.yaml and the CQL schema applied (module ops), then auth,
 * topology, sinks and edge as child JVMs of the runnable jars built under {@code <home>/<module>/target}.
 * Everything listens on 127.0.0.1 only.
 *
 * <p>{@link #start} returns only once every part is ready, or throws an {@link InfraException}
 * with a one-line reason after stopping whatever it had started. A JVM shutdown hook closes the
 * stack too, so an interrupted launcher or test run leaves no servers behind.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    public static final String KEYSPACE = "parley";
    public static final String DATABASE = "parley";
    static final String CQL_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
    static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(150);

    final StackConfig config;
    final Progress progress;
    final InstantSource clock;
    /** Everything started so far, in start order; close() stops it from the end. */
    final Deque<Server> started = new ConcurrentLinkedDeque<>();
    final Map<String, ServiceProcess> services = new ConcurrentHashMap<>();
    private final Object closeLock = new Object();
    private final Thread shutdownHook = new Thread(this::close, "parley-localstack-shutdown");
    volatile boolean closing;
    private boolean closed;
    /** The infrastructure given to {@link #start(StackConfig, ExternalInfra, PrintStream)}; null when the stack runs its own. */
    final ExternalInfra external;
    /** Where the services find the infrastructure; set by {@link Boot} once it is ready. */
    volatile ServiceSpecs.Endpoints endpoints;
    /** The Redis primary at start ({@code redis}); after a failover one of {@link #redisReplicas} may be. */
    RedisServer redis;
    /** {@code redis-2}...: none unless {@code devstack.redis-replicas} says so. */
    volatile java.util.List<RedisServer> redisReplicas = java.util.List.of();
    /** {@code redis-sentinel-1}...: three with replicas, else none. */
    volatile java.util.List<dev.parley.infra.RedisSentinel> redisSentinels = java.util.List.of();
    PostgresServer postgres;
    /** Kafka's nodes, node 1 ({@code kafka}) first; one unless {@code devstack.kafka-brokers} says more. */
    volatile java.util.List<KafkaServer> kafkaNodes = java.util.List.of();
    CassandraServer cassandra;
    /** The AOT caches of every JVM the stack runs (its services and Kafka), shared by their processes. */
    final AotCache aot;

    private LocalStack(StackConfig config, ExternalInfra external, PrintStream progress, InstantSource clock) {
        this.config = config;
        this.external = external;
        this.progress = new Progress(progress, clock);
        this.clock = clock;
        this.aot = new AotCache(config.aotCacheDir(), Runtime.version().feature());
    }

    /**
     * Starts the stack and blocks until all of it is ready, printing one progress line per part.
     *
     * @throws InfraException with a one-line reason (a port in use, jars not built, a server or
     *                        service that failed, with the path of its log); nothing is left running
     */
    public static LocalStack start(StackConfig config, PrintStream progress) {
        return start(config, null, progress, InstantSource.system());
    }

    /**
     * Starts Parley's services on infrastructure that runs elsewhere (containers, say) instead of
     * starting Redis, PostgreSQL, Kafka and Cassandra; the infra ports of {@code config} are unused.
     *
     * @throws InfraException as {@link #start(StackConfig, PrintStream)}; the external servers are left alone
     */
    public static LocalStack start(StackConfig config, ExternalInfra infra, PrintStream progress) {
        return start(config, java.util.Objects.requireNonNull(infra, "infra"), progress, InstantSource.system());
    }

    static LocalStack start(StackConfig config, PrintStream progress, InstantSource clock) {
        return start(config, null, progress, clock);
    }

    private static LocalStack start(StackConfig config, ExternalInfra infra, PrintStream progress, InstantSource clock) {
        LocalStack stack = new LocalStack(config, infra, progress, clock);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        boolean ok = false;
        try {
            new Boot(stack).run();
            ok = true;
            return stack;
        } catch (InfraException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfraException("the local stack failed to start: " + oneLine(e));
        } finally {
            if (!ok) {
                stack.close();
            }
        }
    }

    public StackConfig config() {
        return config;
    }

    public URI authUrl() {
        return URI.create("http://127.0.0.1:" + config.authPort());
    }

    public URI edgeHttpUrl() {
        return URI.create("http://127.0.0.1:" + config.edgePort());
    }

    public URI edgeWsUrl() {
        return URI.create("ws://127.0.0.1:" + config.edgePort() + "/ws");
    }

    public String kafkaBootstrap() {
        return endpoints.kafkaBootstrap();
    }

    public String cqlContactPoint() {
        return endpoints.cqlContactPoint();
    }

    public String cqlLocalDatacenter() {
        return endpoints.cqlLocalDatacenter();
    }

    public String redisUri() {
        return endpoints.redisUri();
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl();
    }

    /** The log file of a service ({@code <dataDir>/logs/<name>.log}). */
    public Path serviceLog(String name) {
        return service(name).log();
    }

    /**
     * The health and metrics server of a service or instance ({@code auth}, {@code edge},
     * {@code edge-2}...): {@code /health/ready}, {@code /health/live} and {@code /metrics} under it.
     */
    public URI observeUrl(String name) {
        URI url = service(name).observeUrl();
        if (url == null) {
            throw new IllegalStateException(name + " has not said where its observe server is (is it ready?)");
        }
        return url;
    }

    /**
     * What a service's running process (or a Kafka node's: {@code kafka}, {@code kafka-2}...) does with
     * its AOT cache ({@code devstack.aot-cache-dir}):
     * {@code USE} (started from it), {@code TRAIN} (writes it when it stops), {@code NONE} (another
     * process trains) or {@code OFF} (no caches, or not running).
     */
    public String aotUse(String name) {
        if (name.startsWith("kafka") && !services.containsKey(name)) {
            return external != null ? AotCache.Use.OFF.name() : infra(name).aotUse().name();
        }
        return service(name).aotUse().name();
    }

    /** The names of the services and instances started, sorted ({@code auth}, {@code edge}, {@code edge-2}...). */
    public java.util.List<String> serviceNames() {
        return services.keySet().stream().sorted().toList();
    }

    /** Stops one service ({@code auth}, {@code topology}, {@code sinks} or {@code edge}) gracefully; idempotent. */
    public void stopService(String name) {
        service(name).stop();
    }

    /** Kills one service with SIGKILL, as a crash would (for failure tests); idempotent. */
    public void killService(String name) {
        service(name).kill();
    }

    /**
     * Stops one infrastructure server ({@code kafka}, {@code cassandra}, {@code redis} or
     * {@code postgres}; on a Kafka cluster {@code kafka} is node 1 and {@code kafka-2}... the others;
     * with Redis replicas {@code redis} is the first primary, {@code redis-2}... its replicas and
     * {@code redis-sentinel-1}... the Sentinels) gracefully, keeping its data; the services stay up and must cope.
     */
    public void stopInfra(String name) {
        infra(name).stop();
    }

    /** Starts a stopped infrastructure server again on the same port and data; waits until ready. */
    public void startInfra(String name) {
        if (closing) {
            throw new IllegalStateException("the local stack is closed");
        }
        Server s = infra(name);
        Instant t0 = progress.now();
        s.start();
        progress.done(name, "-", "ready", t0, s.aotUse().note());
    }

    private Server infra(String name) {
        if (external != null) {
            throw new IllegalStateException("this stack runs on external infrastructure (" + external.kafkaBootstrap()
                    + ", ...): " + name + " is not the stack's to stop or start");
        }
        Server s = switch (name) {
            case "cassandra" -> cassandra;
            case "redis" -> redis;
            case "postgres" -> postgres;
            default -> java.util.stream.Stream.<Server>concat(java.util.stream.Stream.concat(kafkaNodes.stream(),
                            redisReplicas.stream()), redisSentinels.stream())
                    .filter(k -> k.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown server '" + name
                            + "' (kafka, cassandra, redis, postgres; kafka-2... on a Kafka cluster;"
                            + " redis-2..., redis-sentinel-1... with Redis replicas)"));
        };
        if (s == null) {
            throw new IllegalStateException(name + " was not started");
        }
        return s;
    }

    /** Starts a stopped service again and waits until it is ready; no-op if it runs. */
    public void startService(String name) {
        if (closing) {
            throw new IllegalStateException("the local stack is closed");
        }
        ServiceProcess p = service(name);
        Instant t0 = progress.now();
        p.start();
        progress.done(name, p.spec().endpoint(), "ready", t0, p.aotUse().note());
    }

    /**
     * Starts one more instance of {@code service} ({@code auth}, {@code edge}, {@code topology} or
     * {@code sinks}) configured exactly as the stack's own, and waits until it is ready: a second
     * auth on a free port with the same database and signing keys, a second edge on a free port
     * with its own node id, a second topology with its own state directory, a second sinks instance
     * in the same consumer groups. This is how failover, multi-edge and chaos tests get
     * two of a tier without reaching into the stack's internals.
     */
    public Instance addInstance(String service) {
        return addInstance(service, Map.of());
    }

    /**
     * {@link #addInstance(String)} with some settings of its own on top of the stack's (e.g. an
     * edge reading another keyspace, as an operator points edges at a rebuilt one).
     */
    public Instance addInstance(String service, Map<String, String> extraSettings) {
        if (closing) {
            throw new IllegalStateException("the local stack is closed");
        }
        ServiceProcess base = service(service);
        String name;
        synchronized (services) {
            int n = 2;
            while (services.containsKey(service + "-" + n)) {
                n++;
            }
            name = service + "-" + n;
            services.put(name, base); // reserve the name until the real process replaces it
        }
        InstanceSettings own;
        try {
            own = InstanceSettings.of(service, name, config.dataDir());
        } catch (IllegalArgumentException e) {
            services.remove(name);
            throw e;
        }
        Map<String, String> settings = new java.util.HashMap<>(own.settings());
        URI http = own.httpUrl();
        settings.putAll(extraSettings);
        var merged = base.spec().withSettings(settings);
        var spec = new dev.parley.devstack.internal.ServiceSpec(name, merged.module(), merged.artifact(),
                http == null ? "-" : http.getAuthority(), merged.settings());
        ServiceProcess p = base.another(spec, config.logsDir().resolve(name + ".log"));
        services.put(name, p);
        started.addLast(p);
        Instant t0 = progress.now();
        p.start();
        progress.done(name, http == null ? "-" : http.getAuthority(), "ready", t0, p.aotUse().note());
        return new Instance(name, service, http);
    }

    /**
     * Stops the services side by side, then the servers side by side; idempotent. A service takes
     * seconds to stop (one writing its AOT cache 10–15 s more) and none needs another to stop
     * first; a server may be needed by a service until it has stopped, but by no other server. A
     * Kafka cluster's nodes must go together: stopped one after the other, the last one has lost its
     * controller quorum, cannot finish its controlled shutdown and is killed after its 30 s grace.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closing = true;
            java.util.List<Server> services = new java.util.ArrayList<>();
            for (var it = started.descendingIterator(); it.hasNext(); ) {
                Server s = it.next();
                if (s instanceof ServiceProcess) {
                    services.add(s);
                    it.remove();
                }
            }
            stopSideBySide(services);
            java.util.List<Server> servers = new java.util.ArrayList<>(started);
            started.clear();
            stopSideBySide(servers);
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
    }

    private ServiceProcess service(String name) {
        ServiceProcess p = services.get(name);
        if (p == null) {
            throw new IllegalArgumentException(config.startServices()
                    ? "unknown service '" + name + "' (auth, topology, sinks, edge)"
                    : "this stack runs no services (startServices is false)");
        }
        return p;
    }

    private static void stopSideBySide(java.util.List<Server> servers) {
        try (var stopping = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            servers.forEach(s -> stopping.submit(() -> stopQuietly(s)));
        }
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping {} failed: {}", s.name(), oneLine(e));
        }
    }

    /** The exception chain on one line, as every module writes it ({@link Exceptions#oneLine}). */
    static String oneLine(Throwable e) {
        return Exceptions.oneLine(e);
    }
}
