package dev.parley.sinks;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.kafka.KafkaDeadLetterSink;
import dev.parley.common.service.ServiceProcess;
import dev.parley.common.text.Exceptions;
import dev.parley.sinks.internal.Backoff;
import dev.parley.sinks.internal.BatchWorker;
import dev.parley.sinks.internal.cql.CqlHistoryStore;
import dev.parley.sinks.internal.cql.CqlSessions;
import dev.parley.sinks.internal.NodeRouter;
import dev.parley.sinks.internal.HistoryWriter;
import dev.parley.sinks.internal.kafka.KafkaConsumers;
import dev.parley.sinks.internal.kafka.DeadLetterProducer;
import dev.parley.sinks.internal.redis.RedisConnections;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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

    private Main() {
    }

    public static void main(String[] args) {
        ServiceProcess.loadLogging(Main.class);
        SinksConfig config;
        try {
            Settings settings = Settings.fromEnvironment();
            config = SinksConfig.from(settings);
            settings.validate();
        } catch (ConfigException e) {
            ServiceProcess.fatal("sinks", e.getMessage());
            return;
        }
        Sinks sinks;
        try {
            sinks = setup(config);
        } catch (RuntimeException | LinkageError e) {
            ServiceProcess.fatal("sinks", "cannot start", e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sinks::close, "sinks-shutdown"));
        switch (awaitReady(sinks, config)) {
            case Startup.Ready ready -> ServiceProcess.ready("sinks",
                    "history=" + config.historyGroup() + " router=" + config.routerGroup());
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

    /** Opens the real backends (CQL session, Redis connection, dead-letter producer) and starts both workers on Kafka. */
    public static Sinks setup(SinksConfig config) {
        Clock clock = Clock.systemUTC();
        CqlSession session = CqlSessions.open(config);
        RedisConnections redis;
        HistoryStore history;
        KafkaDeadLetterSink deadLetters;
        try {
            history = new CqlHistoryStore(session);
            redis = RedisConnections.open(config.redisUri(), config.requestTimeout(), clock);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
        try {
            deadLetters = KafkaDeadLetterSink.open(DeadLetterProducer.properties(config));
        } catch (RuntimeException | Error e) {
            redis.close();
            session.close();
            throw e;
        }
        SinksBackends backends = new SinksBackends(history, redis.presence(), redis.publisher(), deadLetters, () -> {
            deadLetters.close();
            redis.close();
            session.close();
        });
        return setup(config, backends,
                props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()), clock);
    }

    /**
     * Starts both workers on the given backends; {@code consumers} makes each worker's consumer
     * from its properties (tests pass {@code MockConsumer}s).
     */
    public static Sinks setup(SinksConfig config, SinksBackends backends,
                              Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers, Clock clock) {
        Backoff backoff = new Backoff(config.backoffInitial(), config.backoffMax());
        BatchWorker<?> history = new BatchWorker<>(HISTORY_STAGE,
                consumers.apply(KafkaConsumers.properties(config, config.historyGroup(), "earliest")),
                HistoryWriter.TOPICS, new HistoryWriter(backends.history()), backends.deadLetters(), backoff,
                config.pollTimeout(), config.batchTimeout(), config.commitInterval(), clock);
        BatchWorker<?> router = new BatchWorker<>(ROUTER_STAGE,
                consumers.apply(KafkaConsumers.properties(config, config.routerGroup(), "latest")),
                NodeRouter.TOPICS,
                new NodeRouter(backends.presence(), backends.publisher(), config.maxInFlight()),
                backends.deadLetters(), backoff, config.pollTimeout(), config.batchTimeout(), config.commitInterval(), clock);
        Sinks sinks = new Sinks(List.of(history, router), backends.resources(),
                config.batchTimeout().plusSeconds(15));
        sinks.start(List.of("history", "node-router"));
        return sinks;
    }

}
