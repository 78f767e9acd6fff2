package dev.parley.sinks;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.kafka.KafkaDeadLetterSink;
import dev.parley.common.kafka.KafkaProbe;
import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.JitWarmUp;
import dev.parley.common.observe.Observability;
import dev.parley.common.service.ServiceProcess;
import dev.parley.common.service.Timer;
import dev.parley.common.text.Exceptions;
import dev.parley.sinks.internal.Backoff;
import dev.parley.sinks.internal.BatchWorker;
import dev.parley.sinks.internal.cql.CqlHistoryStore;
import dev.parley.sinks.internal.cql.CqlSessions;
import dev.parley.sinks.internal.NodeRouter;
import dev.parley.sinks.internal.HistoryWriter;
import dev.parley.sinks.internal.StageMeters;
import dev.parley.sinks.internal.kafka.KafkaConsumers;
import dev.parley.sinks.internal.kafka.DeadLetterProducer;
import dev.parley.sinks.internal.redis.RedisConnections;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The sinks service: the history writer (log to CQL) and the node router (deliveries and
 * replies to edge nodes over Redis), wired by hand.
 */
public final class Main {
    /** The history writer's name in logs and in its dead letters' {@code stage}. */
    public static final String HISTORY_STAGE = "sinks-history";
    /**
     * The node router's name in logs and in its dead letters' {@code stage}: kept from when it was
     * called the delivery router, as operators filter dead letters on it.
     */
    public static final String ROUTER_STAGE = "sinks-router";
    /** How long a readiness probe of CQL or Redis is trusted: a burst of scrapes costs one round trip. */
    static final Duration PROBE_TTL = Duration.ofSeconds(2);

    private Main() {
    }

    public static void main(String[] args) {
        ServiceProcess.loadLogging(Main.class);
        SinksConfig config;
        try {
            Settings settings = Settings.fromEnvironment();
            config = SinksConfig.from(settings);
            settings.validate();
            settings.warnUnused("sinks");
        } catch (ConfigException e) {
            ServiceProcess.fatal("sinks", e.getMessage());
            return;
        }
        Observability obs = null;
        Sinks sinks;
        try {
            obs = Observability.create("sinks", Observability.processNode(), config.observe());
            sinks = setup(config, obs);
        } catch (RuntimeException | LinkageError e) {
            if (obs != null) {
                obs.close();
            }
            ServiceProcess.fatal("sinks", "cannot start", e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sinks::close, "sinks-shutdown"));
        String observe;
        try {
            // Before waiting to join: readiness answers (not ready) while the consumers join.
            observe = obs.serve();
        } catch (RuntimeException e) {
            ServiceProcess.fatal("sinks", "cannot serve health and metrics on " + config.observe().host() + ":"
                    + config.observe().port(), e);
            return;
        }
        switch (awaitReady(sinks, config)) {
            case Startup.Ready ready -> ServiceProcess.ready("sinks",
                    "history=" + config.historyGroup() + " router=" + config.routerGroup() + " " + observe);
            case Startup.Failed failed -> {
                ServiceProcess.fatal("sinks", failed.reason());
                return;
            }
            case Startup.Interrupted interrupted -> {
                return;
            }
        }
        try {
            sinks.stopped().join();
        } catch (RuntimeException e) {
            System.err.println("sinks: a worker stopped unexpectedly: " + Exceptions.oneLine(e));
            System.exit(1);
        }
    }

    /** How waiting for both consumers to join ended; only {@link Ready} may print READY. */
    sealed interface Startup {
        record Ready() implements Startup {
        }

        record Failed(String reason) implements Startup {
        }

        record Interrupted() implements Startup {
        }
    }

    static Startup awaitReady(Sinks sinks, SinksConfig config) {
        try {
            sinks.ready().get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Startup.Ready();
        } catch (TimeoutException e) {
            return new Startup.Failed("consumers did not join their groups within " + config.startupTimeout()
                    + " (is Kafka at " + config.kafkaBootstrapServers() + "?)");
        } catch (ExecutionException e) {
            return new Startup.Failed("cannot start: " + Exceptions.oneLine(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Startup.Interrupted();
        }
    }

    /** {@link #setup(SinksConfig, Observability)} with observability as configured, not served: for tests. */
    public static Sinks setup(SinksConfig config) {
        Observability obs = Observability.create("sinks", Observability.processNode(), config.observe());
        try {
            return setup(config, obs);
        } catch (RuntimeException | Error e) {
            obs.close();
            throw e;
        }
    }

    /**
     * Opens the real backends (CQL session, Redis connection, dead-letter producer, a Kafka probe),
     * adds their readiness checks and client meters to {@code obs}, and starts both workers on Kafka.
     * The returned service closes {@code obs} last when it is closed.
     */
    public static Sinks setup(SinksConfig config, Observability obs) {
        Clock clock = Clock.systemUTC();
        List<AutoCloseable> opened = new ArrayList<>();
        SinksBackends backends;
        try {
            CqlSession session = CqlSessions.open(config);
            opened.add(session);
            HistoryStore history = new CqlHistoryStore(session);
            RedisConnections redis = RedisConnections.open(config.redis(), config.requestTimeout(), clock);
            opened.add(redis);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(DeadLetterProducer.properties(config),
                    new ByteArraySerializer(), new ByteArraySerializer());
            KafkaDeadLetterSink deadLetters = new KafkaDeadLetterSink(producer, true);
            opened.add(deadLetters);
            opened.add(bind(new KafkaClientMetrics(producer), obs));
            KafkaProbe kafka = KafkaProbe.create(KafkaConsumers.properties(config, config.historyGroup(), "earliest"),
                    "parley-sinks", clock);
            opened.add(kafka);
            obs.health().ready("kafka", kafka.check())
                    .ready("cql", HealthCheck.cached(() -> "Cassandra " + session.execute(
                            "SELECT release_version FROM system.local").one().getString(0), PROBE_TTL, clock))
                    .ready("redis", HealthCheck.cached(redis::ping, PROBE_TTL, clock));
            backends = new SinksBackends(history, redis.presence(), redis.publisher(), deadLetters,
                    () -> closeAll(opened.reversed()));
        } catch (RuntimeException | Error e) {
            try {
                closeAll(opened.reversed());
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return setup(config, backends,
                props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()), clock, obs);
    }

    /**
     * Starts both workers on the given backends; {@code consumers} makes each worker's consumer
     * from its properties (tests pass {@code MockConsumer}s). Adds each worker's liveness
     * ({@code history-thread}, {@code router-thread}) and readiness ({@code history}, {@code router})
     * to {@code obs}, which the returned service closes last, and {@code warm}: once both consumers
     * have joined, not before the JIT went quiet (at most {@code sinks.warm-up-wait}). A consumer gets
     * its partitions when it joins, before the instance is ready, so a rolling deploy that stopped the
     * next instance at once would hand all the partitions to a JVM still compiling their paths.
     */
    public static Sinks setup(SinksConfig config, SinksBackends backends,
                              Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers, Clock clock,
                              Observability obs) {
        Backoff backoff = new Backoff(config.backoffInitial(), config.backoffMax());
        List<AutoCloseable> clientMetrics = new ArrayList<>();
        Consumer<byte[], byte[]> historyConsumer = consumers.apply(
                KafkaConsumers.properties(config, config.historyGroup(), "earliest"));
        Consumer<byte[], byte[]> routerConsumer = consumers.apply(
                KafkaConsumers.properties(config, config.routerGroup(), "latest"));
        for (Consumer<byte[], byte[]> c : List.of(historyConsumer, routerConsumer)) {
            // Fetch lag (records-lag-max) per consumer; its client id names the group.
            if (c instanceof KafkaConsumer<byte[], byte[]> real) {
                clientMetrics.add(bind(new KafkaClientMetrics(real), obs));
            }
        }
        BatchWorker<?> history = new BatchWorker<>(HISTORY_STAGE, historyConsumer,
                HistoryWriter.TOPICS, new HistoryWriter(backends.history(), obs.meters(), obs.tracing()),
                backends.deadLetters(), backoff, config.pollTimeout(), config.batchTimeout(), config.commitInterval(),
                clock, new StageMeters(obs.meters(), "history"));
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-sinks-unheard").daemon().factory());
        BatchWorker<?> router = new BatchWorker<>(ROUTER_STAGE, routerConsumer, NodeRouter.TOPICS,
                new NodeRouter(backends.presence(), backends.publisher(), Timer.of(retries), config.maxInFlight(),
                        obs.meters(), obs.tracing(), clock),
                backends.deadLetters(), backoff, config.pollTimeout(), config.batchTimeout(), config.commitInterval(),
                clock, new StageMeters(obs.meters(), "router"));
        obs.health().live("history-thread", history::liveness).live("router-thread", router::liveness)
                .ready("history", history::readiness).ready("router", router::readiness);
        List<AutoCloseable> resources = new ArrayList<>(clientMetrics);
        resources.add(retries::shutdownNow);
        resources.add(backends.resources());
        resources.add(obs);
        Sinks sinks = new Sinks(List.of(history, router), () -> closeAll(resources),
                config.batchTimeout().plusSeconds(15));
        obs.health().ready("warm", JitWarmUp.of(clock,
                () -> sinks.ready().state() == Future.State.SUCCESS, config.warmUpWait()));
        sinks.start(List.of("history", "node-router"));
        return sinks;
    }

    private static KafkaClientMetrics bind(KafkaClientMetrics metrics, Observability obs) {
        metrics.bindTo(obs.meters());
        return metrics;
    }

    /** Closes each in turn, even when one fails; then throws the first failure (the others suppressed). */
    static void closeAll(List<AutoCloseable> resources) throws Exception {
        Exception first = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

}
