package dev.parley.topology;

import dev.parley.common.config.Settings;
import dev.parley.topology.internal.DeadLetterHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the topology service is configured with, read once at start-up. Keys and defaults
 * are documented in {@code streams-topology/CONFIG.md}.
 *
 * @param bootstrapServers       Kafka bootstrap servers
 * @param applicationId          Kafka Streams application id (consumer group, prefix of internal topics)
 * @param stateDir               directory of the local state stores
 * @param streamThreads          stream threads of this instance
 * @param rateSustainedPerSecond sends per user per second the token bucket refills
 * @param rateBurst              token bucket capacity: sends a user may make at once
 * @param dedupeWindow           how long a (sender, clientMsgId) yields the original ack
 * @param startupTimeout         how long start-up may take to reach RUNNING before it is fatal
 */
public record TopologyConfig(String bootstrapServers, String applicationId, Path stateDir, int streamThreads,
                             int rateSustainedPerSecond, int rateBurst, Duration dedupeWindow,
                             Duration startupTimeout) {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap-servers";
    public static final String APPLICATION_ID = "topology.application-id";
    public static final String STATE_DIR = "topology.state-dir";
    public static final String STREAM_THREADS = "topology.stream-threads";
    public static final String RATE_SUSTAINED = "topology.rate.sustained-per-second";
    public static final String RATE_BURST = "topology.rate.burst";
    public static final String DEDUPE_WINDOW = "topology.dedupe-window";
    public static final String STARTUP_TIMEOUT = "topology.startup-timeout";

    /** Latency settings for exactly_once_v2 (see README): lowering only the commit interval does nothing. */
    static final int COMMIT_INTERVAL_MS = 10;
    static final int POLL_MS = 1;
    static final int PRODUCER_LINGER_MS = 0;

    /** Reads every key; the caller then calls {@link Settings#validate()} to fail on all problems at once. */
    public static TopologyConfig from(Settings s) {
        TopologyConfig c = new TopologyConfig(
                s.string(BOOTSTRAP_SERVERS, "127.0.0.1:19092"),
                s.string(APPLICATION_ID, "parley-topology"),
                Path.of(s.string(STATE_DIR, defaultStateDir())),
                s.integer(STREAM_THREADS, 1, 1, 64),
                s.integer(RATE_SUSTAINED, 10, 1, 1_000_000),
                s.integer(RATE_BURST, 20, 1, 1_000_000),
                s.duration(DEDUPE_WINDOW, Duration.ofHours(24)),
                s.duration(STARTUP_TIMEOUT, Duration.ofSeconds(60)));
        if (c.dedupeWindow().isZero()) {
            s.problem(DEDUPE_WINDOW + " must be positive");
        }
        if (c.startupTimeout().isZero()) {
            s.problem(STARTUP_TIMEOUT + " must be positive");
        }
        return c;
    }

    /** The defaults, as {@link #from} returns them with nothing set (tests start from here). */
    public static TopologyConfig defaults() {
        return from(Settings.of(java.util.Map.of()));
    }

    public TopologyConfig withStateDir(Path dir) {
        return new TopologyConfig(bootstrapServers, applicationId, dir, streamThreads, rateSustainedPerSecond,
                rateBurst, dedupeWindow, startupTimeout);
    }

    static String defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "parley-topology").toString();
    }

    /** The StreamsConfig of the service: exactly-once, low-latency commits, dead-lettering of unreadable records. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return p;
    }
}
