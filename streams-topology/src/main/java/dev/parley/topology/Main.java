package dev.parley.topology;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.kafka.KafkaProbe;
import dev.parley.common.observe.JitWarmUp;
import dev.parley.common.observe.Observability;
import dev.parley.common.service.ServiceProcess;
import dev.parley.topology.internal.ObserveHooks;
import dev.parley.topology.internal.RestoreProgress;
import dev.parley.topology.internal.ThreadFailures;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology service: reads its config, starts its health and metrics server, then Kafka Streams,
 * prints {@code READY topology application=<id> observe=<host:port>} once RUNNING and leaves the
 * consumer group on SIGTERM.
 */
public final class Main {
    static final String SERVICE = "topology";
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ServiceProcess.loadLogging(Main.class);
        TopologyConfig config;
        try {
            Settings settings = Settings.fromEnvironment();
            config = TopologyConfig.from(settings);
            settings.validate();
            settings.warnUnused("topology");
        } catch (ConfigException e) {
            ServiceProcess.fatal(SERVICE, e.getMessage());
            return;
        }
        Observability obs = Observability.create(SERVICE, Observability.processNode(), config.observe());
        Lifecycle lifecycle = new Lifecycle();
        KafkaStreams streams;
        try {
            StreamsGroupSettings.apply(config, config.startupTimeout());
            streams = create(config, lifecycle, obs);
        } catch (RuntimeException e) {
            ServiceProcess.fatal(SERVICE, "cannot start Kafka Streams", e);
            return;
        }
        AutoCloseable watching = watch(streams, config, obs);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(streams);
            try {
                watching.close();
            } catch (Exception e) {
                LOG.warn("closing the Kafka probe and metrics: {}", e.toString());
            }
            obs.close();
        }, "topology-shutdown"));
        String observe;
        try {
            // Before the client starts, so readiness can be watched while it joins the group and restores.
            observe = obs.serve();
        } catch (RuntimeException e) {
            ServiceProcess.fatal(SERVICE, "cannot start the observe server on " + config.observe().host() + ":"
                    + config.observe().port(), e);
            return;
        }
        try {
            streams.start();
        } catch (RuntimeException e) {
            ServiceProcess.fatal(SERVICE, "cannot start Kafka Streams", e);
            return;
        }
        String failure = lifecycle.awaitRunning(config.startupTimeout());
        if (failure != null) {
            ServiceProcess.fatal(SERVICE, failure);
            return;
        }
        ServiceProcess.ready(SERVICE, "application=" + config.applicationId() + " " + observe);
        if (lifecycle.awaitStopped() == KafkaStreams.State.ERROR) {
            LOG.error("Kafka Streams stopped with an error; exiting");
            System.exit(1);
        }
    }

    /**
     * Creates (does not start) the streams client; a stream thread that dies is replaced, unless
     * threads keep dying ({@link ThreadFailures}), and then it takes the client down with it. The
     * processors find {@code obs} in their app configs; restores are metered.
     */
    public static KafkaStreams create(TopologyConfig config, KafkaStreams.StateListener listener, Observability obs) {
        return create(config, listener, obs, Map.of());
    }

    /**
     * {@link #create(TopologyConfig, KafkaStreams.StateListener, Observability)} with Streams
     * properties added or replaced: a shadow run waits for every input of a task before it picks
     * the next record by time ({@code max.task.idle.ms}), which the live service does not.
     */
    public static KafkaStreams create(TopologyConfig config, KafkaStreams.StateListener listener, Observability obs,
                                      Map<String, Object> extraProperties) {
        Properties props = config.streamsProperties();
        props.putAll(extraProperties);
        props.put(ObserveHooks.CONFIG, obs);
        KafkaStreams streams = new KafkaStreams(ParleyTopology.build(config), props);
        streams.setStateListener(listener);
        streams.setGlobalStateRestoreListener(new RestoreProgress(obs.meters()));
        streams.setUncaughtExceptionHandler(new ThreadFailures(Clock.systemUTC()));
        return streams;
    }

    /**
     * Binds the client's metrics ({@link KafkaStreamsMetrics}) and the health checks to {@code obs}.
     * Readiness: Kafka answers, the client is RUNNING and, the first time, has been for long enough
     * that its JIT went quiet (at most {@code topology.warm-up-wait}): a rolling deploy then does not
     * stop the next instance while this one still compiles the paths of the tasks it took on joining.
     * Liveness: the client has not failed or stopped. Closing the result (after the client) stops the metrics refresh and the Kafka probe.
     */
    public static AutoCloseable watch(KafkaStreams streams, TopologyConfig config, Observability obs) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(obs.meters());
        KafkaProbe kafka = KafkaProbe.create(clientProps(config), config.applicationId(), Clock.systemUTC());
        Supplier<KafkaStreams.State> state = streams::state;
        obs.health().ready("kafka", kafka.check())
                .ready("streams", StreamsHealth.ready(state))
                .ready("warm", JitWarmUp.of(Clock.systemUTC(), () -> state.get() == KafkaStreams.State.RUNNING,
                        config.warmUpWait()))
                .live("streams-alive", StreamsHealth.live(state));
        return () -> {
            metrics.close();
            kafka.close();
        };
    }

    private static Map<String, Object> clientProps(TopologyConfig config) {
        Map<String, Object> props = new HashMap<>();
        config.streamsProperties().forEach((k, v) -> props.put(String.valueOf(k), v));
        return props;
    }

    static void close(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }
}
