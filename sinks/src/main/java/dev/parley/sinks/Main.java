package dev.parley.sinks;

import dev.parley.common.service.ServiceProcess;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.sinks.internal.Backoff;
import dev.parley.sinks.internal.BatchWorker;
import dev.parley.sinks.internal.CqlHistoryStore;
import dev.parley.sinks.internal.CqlSessions;
import dev.parley.sinks.internal.DeliveryRouter;
import dev.parley.sinks.internal.HistoryWriter;
import dev.parley.sinks.internal.KafkaConsumers;
import dev.parley.sinks.internal.RedisConnections;
import dev.parley.sinks.internal.RedisNodePublisher;
import dev.parley.sinks.internal.RedisPresenceDirectory;
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
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The sinks service: the history writer (log to CQL) and the delivery router (deliveries and
 * replies to edge nodes over Redis), wired by hand.
 */
public final class Main {
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
            ServiceProcess.fatal("sinks", "cannot start: " + ServiceProcess.describe(e));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sinks::close, "sinks-shutdown"));
        try {
            sinks.ready().get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ServiceProcess.fatal("sinks", "consumers did not join their groups within " + config.startupTimeout()
                    + " (is Kafka at " + config.kafkaBootstrapServers() + "?)");
        } catch (ExecutionException e) {
            ServiceProcess.fatal("sinks", "cannot start: " + ServiceProcess.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ServiceProcess.ready("sinks", "history=" + config.historyGroup() + " router=" + config.routerGroup());
        try {
            sinks.stopped().join();
        } catch (RuntimeException e) {
            System.err.println("sinks: a worker stopped unexpectedly: " + ServiceProcess.describe(e));
            System.exit(1);
        }
    }

    /** Opens the real backends (CQL session, Redis connection) and starts both workers on Kafka. */
    public static Sinks setup(SinksConfig config) {
        Clock clock = Clock.systemUTC();
        CqlSession session = CqlSessions.open(config);
        RedisConnections redis;
        HistoryStore history;
        try {
            history = new CqlHistoryStore(session);
            redis = RedisConnections.open(config.redisUri(), config.requestTimeout());
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
        var commands = redis.connection().async();
        SinksBackends backends = new SinksBackends(history, new RedisPresenceDirectory(commands, clock),
                new RedisNodePublisher(commands), () -> {
                    redis.close();
                    session.close();
                });
        return setup(config, backends,
                props -> new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer()), clock);
    }

    /**
     * Starts both workers on the given backends; {@code consumers} makes each worker's consumer
     * from its properties (tests pass {@code MockConsumer}s).
     */
    public static Sinks setup(SinksConfig config, SinksBackends backends,
                              Function<Map<String, Object>, Consumer<String, byte[]>> consumers, Clock clock) {
        Backoff backoff = new Backoff(config.backoffInitial(), config.backoffMax());
        BatchWorker<?> history = new BatchWorker<>("history",
                consumers.apply(KafkaConsumers.properties(config, config.historyGroup(), "earliest")),
                HistoryWriter.TOPICS, new HistoryWriter(backends.history()), backoff, config.pollTimeout(),
                config.batchTimeout(), clock);
        BatchWorker<?> router = new BatchWorker<>("router",
                consumers.apply(KafkaConsumers.properties(config, config.routerGroup(), "latest")),
                DeliveryRouter.TOPICS,
                new DeliveryRouter(backends.presence(), backends.publisher(), config.maxInFlight()), backoff,
                config.pollTimeout(), config.batchTimeout(), clock);
        Sinks sinks = new Sinks(List.of(history, router), backends.resources(),
                config.batchTimeout().plusSeconds(15));
        sinks.start(List.of("history", "router"));
        return sinks;
    }

}
