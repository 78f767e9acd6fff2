package dev.parley.topology;

import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.observe.JitWarmUp;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.topology.internal.DeadLetterHandler;
import dev.parley.topology.internal.TopologyClientSupplier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the topology service is configured with, read once at start-up. Keys and defaults
 * are documented in {@code streams-topology/CONFIG.md}.
 *
 * @param bootstrapServers       Kafka bootstrap servers
 * @param kafkaSecurity          how the clients authenticate and encrypt ({@code kafka.security-protocol}, ...)
 * @param applicationId          Kafka Streams application id (consumer group, prefix of internal topics)
 * @param stateDir               directory of the local state stores
 * @param streamThreads          stream threads of this instance
 * @param standbyReplicas        warm copies of each task's stores kept on other instances
 * @param rateSustainedPerSecond sends per user per second the token bucket refills
 * @param rateBurst              token bucket capacity: sends a user may make at once
 * @param dedupeWindow           how long a (sender, clientMsgId) yields the original ack
 * @param typingInterval         at most one typing frame per (user, conversation) is forwarded per
 *                               this interval; zero disables the throttle
 * @param startupTimeout         how long start-up may take to reach RUNNING before it is fatal
 * @param warmUpWait             how long readiness may wait, once RUNNING, for the JIT to go quiet
 *                               ({@link dev.parley.common.observe.JitWarmUp}); zero: not at all
 * @param tuning                 exactly-once latency and failover settings
 * @param observe                the health and metrics server and the tracing ({@code observe.*})
 * @param topics                 the topics read and written: {@link TopologyTopics#LIVE} but in a shadow run
 */
public record TopologyConfig(String bootstrapServers, KafkaClientSecurity kafkaSecurity, String applicationId, Path stateDir, int streamThreads,
                             int standbyReplicas, int rateSustainedPerSecond, int rateBurst, Duration dedupeWindow,
                             Duration typingInterval, Duration startupTimeout, Duration warmUpWait, Tuning tuning,
                             ObserveConfig observe, TopologyTopics topics) {

    /**
     * Latency and failover settings of exactly_once_v2 (measured effect in streams-topology/README.md). Kafka Streams'
     * own defaults are commit interval 100 ms, poll 100 ms and producer linger 100 ms (Streams
     * overrides the producer's 5 ms); lowering only the commit interval does not help because the
     * thread still blocks in poll and the producer lingers.
     *
     * @param commitInterval how often a caught-up stream thread commits its transaction: outputs become
     *                       visible to read_committed readers only then; zero commits after every batch
     *                       the thread processed (a group commit: as many records per transaction as
     *                       arrived during the previous one)
     * @param catchUpCommitInterval how often a thread commits while it works off a backlog (Streams'
     *                       {@code commit.interval.ms}; {@link dev.parley.topology.internal.CommitPacer}
     *                       asks for the shorter {@code commitInterval} while records are fresh)
     * @param catchUpAfter   how old (by the edge's clock) a record must be for its thread to count as
     *                       catching up
     * @param pollTimeout    how long a stream thread with records not yet committed blocks in poll when
     *                       no input is waiting; it cannot commit while blocked (a thread with nothing
     *                       to commit waits longer: {@link dev.parley.topology.internal.TopologyClientSupplier})
     * @param producerLinger how long the producer waits to batch records before sending
     * @param sessionTimeout how long the group waits for a silent (crashed) instance before giving
     *                       its tasks to the others; a clean shutdown leaves the group at once
     * @param transactionTimeout how long a crashed instance's open transaction may hold back every
     *                       read_committed reader of the partitions it wrote before the broker aborts it
     * @param groupProtocol  how the instances share the tasks: Kafka's streams rebalance protocol
     *                       (assignment on the broker) or the classic consumer group protocol
     */
    public record Tuning(Duration commitInterval, Duration catchUpCommitInterval, Duration catchUpAfter,
                         Duration pollTimeout, Duration producerLinger, Duration sessionTimeout,
                         Duration transactionTimeout, GroupProtocol groupProtocol) {
    }

    public static final String APPLICATION_ID = "topology.application-id";
    public static final String STATE_DIR = "topology.state-dir";
    public static final String STREAM_THREADS = "topology.stream-threads";
    /**
     * One, Kafka Streams' own default, since 2026-12-07 (two from 2026-12-06). A second thread processes
     * while the first waits for its commit, which drained a failover's backlog faster on one fast host
     * (recovery 5.4-5.5 s instead of 6.4-10.5); but each thread has its own transactions, and on two cores
     * shared with the brokers a second one cost more than it gave: two full-profile runs side by side on one
     * host (streams-topology/README.md, "One stream thread"), one thread against two: knee 394 msgs/s
     * against 199, a SIGKILLed instance recovered in 4.5 s against 13.1, a rolling restart paused a
     * conversation up to 7.1 s against 60.1; and 6-17 % less CPU per message at 800 msgs/s (three pairs runs). An instance
     * with cores of its own may want one thread per core.
     */
    static final int DEFAULT_STREAM_THREADS = 1;
    public static final String STANDBY_REPLICAS = "topology.standby-replicas";
    public static final String RATE_SUSTAINED = "topology.rate.sustained-per-second";
    public static final String RATE_BURST = "topology.rate.burst";
    public static final String DEDUPE_WINDOW = "topology.dedupe-window";
    public static final String TYPING_INTERVAL = "topology.typing-interval";
    public static final String STARTUP_TIMEOUT = "topology.startup-timeout";
    public static final String WARM_UP_WAIT = "topology.warm-up-wait";
    public static final String COMMIT_INTERVAL = "topology.commit-interval";
    public static final String CATCH_UP_COMMIT_INTERVAL = "topology.catch-up.commit-interval";
    public static final String CATCH_UP_AFTER = "topology.catch-up.after";
    public static final String POLL_TIMEOUT = "topology.poll-timeout";
    public static final String PRODUCER_LINGER = "topology.producer-linger";
    public static final String SESSION_TIMEOUT = "topology.session-timeout";
    public static final String TRANSACTION_TIMEOUT = "topology.transaction-timeout";
    public static final String GROUP_PROTOCOL = "topology.group-protocol";

    /**
     * The group protocol of the Streams client ({@code group.protocol}). With {@link #STREAMS} (KIP-1071,
     * brokers 4.2 and newer) the broker assigns the tasks and keeps the group's session timeout,
     * heartbeat and standby replicas as group configs, which {@link StreamsGroupSettings} sets from
     * this config at start; with {@link #CLASSIC} the clients assign them among themselves in
     * stop-the-world rebalances and read those settings from their own configs.
     */
    public enum GroupProtocol {
        CLASSIC, STREAMS;

        /** The value of Streams' {@code group.protocol} and of {@value #GROUP_PROTOCOL}. */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static GroupProtocol parse(Settings s) {
            String v = s.string(GROUP_PROTOCOL, TUNED.groupProtocol().value());
            for (GroupProtocol p : values()) {
                if (p.value().equals(v)) {
                    return p;
                }
            }
            s.problem(GROUP_PROTOCOL + " must be classic or streams, not '" + v + "'");
            return TUNED.groupProtocol();
        }
    }

    /** The tuned defaults (see streams-topology/README.md "Exactly-once and latency" for what they were measured to do). */
    static final Tuning TUNED = new Tuning(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMillis(1), Duration.ZERO,
            Duration.ofSeconds(2), Duration.ofSeconds(2), GroupProtocol.CLASSIC);
    /**
     * Session timeouts below the broker's default minimum (6 s) need its {@code group.min.session.timeout.ms}
     * lowered, as {@link dev.parley.common.kafka.BrokerSettings} does for the brokers Parley sets up.
     */
    static final Duration MIN_SESSION = Duration.ofSeconds(1);
    /** The producer's first retry of a refused send (Kafka's default: 100 ms). */
    static final Duration PRODUCER_RETRY_BACKOFF = Duration.ofMillis(10);
    /**
     * How long the broker may hold a restore consumer's fetch when it has nothing to return (Kafka's
     * default: 500 ms). That consumer keeps the standbys fresh, and after a failover their source (the
     * dead instance's tasks) is silent, so its fetch always waited the whole 500 ms; a task handed over
     * then waited for that fetch to come back before its own could go out: in the bench's topology
     * SIGKILL two such rounds of 0.4-0.5 s each for three changelog offsets (the dead transaction's
     * abort markers) came between the new assignment and the survivor's RUNNING.
     */
    static final Duration RESTORE_FETCH_MAX_WAIT = Duration.ofMillis(50);
    static final Duration MAX_SESSION = Duration.ofMinutes(30);
    /** The broker's default {@code transaction.max.timeout.ms}. */
    static final Duration MAX_TRANSACTION = Duration.ofMinutes(15);
    static final Duration MAX_TYPING_INTERVAL = Duration.ofMinutes(1);

    /** Reads every key; the caller then calls {@link Settings#validate()} to fail on all problems at once. */
    public static TopologyConfig from(Settings s) {
        TopologyConfig c = new TopologyConfig(
                s.get(SharedKeys.KAFKA_BOOTSTRAP_SERVERS),
                KafkaClientSecurity.from(s),
                s.string(APPLICATION_ID, "parley-topology"),
                Path.of(s.string(STATE_DIR, defaultStateDir())),
                s.integer(STREAM_THREADS, DEFAULT_STREAM_THREADS, 1, 64),
                s.integer(STANDBY_REPLICAS, 1, 0, 8),
                s.integer(RATE_SUSTAINED, 10, 1, 1_000_000),
                s.integer(RATE_BURST, 20, 1, 1_000_000),
                s.duration(DEDUPE_WINDOW, Duration.ofHours(24)),
                s.duration(TYPING_INTERVAL, Duration.ofSeconds(2)),
                s.duration(STARTUP_TIMEOUT, Duration.ofSeconds(60)),
                JitWarmUp.maxWait(s, WARM_UP_WAIT),
                new Tuning(s.duration(COMMIT_INTERVAL, TUNED.commitInterval()),
                        s.duration(CATCH_UP_COMMIT_INTERVAL, TUNED.catchUpCommitInterval()),
                        s.duration(CATCH_UP_AFTER, TUNED.catchUpAfter()),
                        s.duration(POLL_TIMEOUT, TUNED.pollTimeout()),
                        s.duration(PRODUCER_LINGER, TUNED.producerLinger()),
                        s.duration(SESSION_TIMEOUT, TUNED.sessionTimeout()),
                        s.duration(TRANSACTION_TIMEOUT, TUNED.transactionTimeout()),
                        GroupProtocol.parse(s)),
                ObserveConfig.from(s), TopologyTopics.LIVE);
        Duration session = c.tuning().sessionTimeout();
        if (session.compareTo(MIN_SESSION) < 0 || session.compareTo(MAX_SESSION) > 0) {
            s.problem(SESSION_TIMEOUT + " must be between 1s and 30m (below 6s the broker's group.min.session.timeout.ms"
                    + " must allow it)");
        }
        if (c.tuning().catchUpCommitInterval().compareTo(c.tuning().commitInterval()) < 0) {
            s.problem(CATCH_UP_COMMIT_INTERVAL + " must be at least " + COMMIT_INTERVAL);
        }
        Duration txn = c.tuning().transactionTimeout();
        if (txn.compareTo(Duration.ofSeconds(1)) < 0 || txn.compareTo(MAX_TRANSACTION) > 0
                || txn.compareTo(c.tuning().catchUpCommitInterval()) <= 0) {
            s.problem(TRANSACTION_TIMEOUT + " must be between 1s and 15m (the broker's transaction.max.timeout.ms)"
                    + " and longer than " + CATCH_UP_COMMIT_INTERVAL);
        }
        if (c.dedupeWindow().isZero()) {
            s.problem(DEDUPE_WINDOW + " must be positive");
        }
        if (c.typingInterval().compareTo(MAX_TYPING_INTERVAL) > 0) {
            s.problem(TYPING_INTERVAL + " must be at most 1m (a typing indicator older than that means nothing)");
        }
        if (c.startupTimeout().isZero()) {
            s.problem(STARTUP_TIMEOUT + " must be positive");
        }
        return c;
    }

    /** This config under another application id (its consumer group and internal topics); everything else unchanged. */
    public TopologyConfig withApplicationId(String other) {
        return new TopologyConfig(bootstrapServers, kafkaSecurity, other, stateDir, streamThreads, standbyReplicas,
                rateSustainedPerSecond, rateBurst, dedupeWindow, typingInterval, startupTimeout, warmUpWait, tuning, observe, topics);
    }

    /** This config writing to other topics (a shadow run); everything else unchanged. */
    public TopologyConfig withTopics(TopologyTopics other) {
        return new TopologyConfig(bootstrapServers, kafkaSecurity, applicationId, stateDir, streamThreads, standbyReplicas,
                rateSustainedPerSecond, rateBurst, dedupeWindow, typingInterval, startupTimeout, warmUpWait, tuning, observe, other);
    }

    static String defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "parley-topology").toString();
    }

    /**
     * The StreamsConfig of the service: exactly-once, low-latency commits, dead-lettering of unreadable
     * and unserialisable records, retrying sends the broker could not take, and failing the task
     * (aborting its transaction) on anything that escapes a processor.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Streams passes these on to its consumers, producers and admin client alike.
        kafkaSecurity.applyTo(p);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, tuning.groupProtocol().value());
        if (tuning.groupProtocol() == GroupProtocol.CLASSIC) {
            // A warm copy of every store on another instance: a task that moves there after a crash
            // resumes from it instead of restoring its changelogs from the start (the dedupe store holds
            // a day of sends). With one instance there is nowhere to put it, and nothing is spent.
            p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
            // The heartbeat must fit several times into the session timeout (Kafka's default 3 s does for 10 s).
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                    (int) tuning.sessionTimeout().toMillis());
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), heartbeatMillis());
        }
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The long interval; the topology's processors ask for the short one while caught up (CommitPacer).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, tuning.catchUpCommitInterval().toMillis());
        p.put(StreamsConfig.POLL_MS_CONFIG, tuning.pollTimeout().toMillis());
        // The state updater polls with poll.ms too; its restore consumer waits longer (TopologyClientSupplier).
        p.put(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, TopologyClientSupplier.class);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), tuning.producerLinger().toMillis());
        // A send the broker refuses for the moment (CONCURRENT_TRANSACTIONS while the last transaction's
        // markers are still being written, NOT_LEADER_OR_FOLLOWER after a leader moved) is tried again after
        // 10 ms instead of 100, still doubling up to the producer's 1 s: with a commit every 10 ms a 100 ms
        // step is ten transactions' worth of delay (measured: common's BrokerSettings).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF.toMillis());
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                (int) RESTORE_FETCH_MAX_WAIT.toMillis());
        // A crashed instance's open transaction holds back the sinks on every partition it wrote
        // (deliveries and replies of all conversations, not only its own) until the broker aborts it.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) tuning.transactionTimeout().toMillis());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The dead-letter handler writes where the topology does (a shadow run's letters stay in the shadow).
        p.put(TopologyTopics.CONFIG, topics);
        return p;
    }

    /**
     * The settings the broker keeps for a streams group ({@code streams.*} group configs), empty under the
     * classic protocol, where the clients' own configs carry them.
     */
    public Map<String, String> groupConfigs() {
        if (tuning.groupProtocol() == GroupProtocol.CLASSIC) {
            return Map.of();
        }
        return Map.of("streams.session.timeout.ms", Long.toString(tuning.sessionTimeout().toMillis()),
                "streams.heartbeat.interval.ms", Integer.toString(heartbeatMillis()),
                "streams.num.standby.replicas", Integer.toString(standbyReplicas));
    }

    private int heartbeatMillis() {
        return (int) Math.min(3000, tuning.sessionTimeout().toMillis() / 3);
    }
}
