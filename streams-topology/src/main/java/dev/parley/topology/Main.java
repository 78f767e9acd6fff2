package dev.parley.topology;

import dev.parley.common.service.ServiceProcess;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology service: reads its config, starts Kafka Streams, prints
 * {@code READY topology application=<id>} once RUNNING and leaves the consumer group on SIGTERM.
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
        } catch (ConfigException e) {
            ServiceProcess.fatal(SERVICE, e.getMessage());
            return;
        }
        KafkaStreams streams;
        Lifecycle lifecycle = new Lifecycle();
        try {
            streams = start(config, lifecycle);
        } catch (RuntimeException e) {
            ServiceProcess.fatal(SERVICE, "cannot start Kafka Streams", e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(streams), "topology-shutdown"));
        String failure = lifecycle.awaitRunning(config.startupTimeout());
        if (failure != null) {
            ServiceProcess.fatal(SERVICE, failure);
            return;
        }
        ServiceProcess.ready(SERVICE, "application=" + config.applicationId());
        if (lifecycle.awaitStopped() == KafkaStreams.State.ERROR) {
            LOG.error("Kafka Streams stopped with an error; exiting");
            System.exit(1);
        }
    }

    /** Creates and starts the streams client; a stream thread that dies takes the client down with it. */
    public static KafkaStreams start(TopologyConfig config, KafkaStreams.StateListener listener) {
        KafkaStreams streams = new KafkaStreams(ParleyTopology.build(config), config.streamsProperties());
        streams.setStateListener(listener);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed, shutting down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return streams;
    }

    static void close(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }


}
