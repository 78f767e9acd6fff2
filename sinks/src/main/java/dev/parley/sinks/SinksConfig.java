package dev.parley.sinks;

import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.observe.JitWarmUp;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.common.redis.RedisConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of the sinks service, read once at start-up. Every key, its environment variable
 * and its default are documented in {@code sinks/CONFIG.md}.
 *
 * @param kafkaBootstrapServers Kafka bootstrap servers
 * @param kafkaSecurity         how the Kafka clients authenticate and encrypt
 * @param cqlContactPoints      CQL contact points (unresolved host:port)
 * @param cqlLocalDatacenter    the CQL driver's local datacenter
 * @param cqlKeyspace           keyspace holding the history tables
 * @param cql                   CQL authentication and TLS
 * @param redis                 Redis URI and password (presence and node channels)
 * @param historyGroup          consumer group of the history writer
 * @param routerGroup           consumer group of the node router (deliveries and replies)
 * @param maxInFlight           CQL requests in flight per worker; presence lookups ahead in the router
 * @param maxPollRecords        records per poll (one batch)
 * @param pollTimeout           how long one poll waits for records
 * @param backoffInitial        first pause after a failed batch
 * @param backoffMax            longest pause between retries
 * @param requestTimeout        timeout of one CQL request or Redis command
 * @param batchTimeout          the longest one attempt of a batch may take before it counts as failed
 * @param startupTimeout        how long start-up may take (joining both consumer groups)
 * @param sessionTimeout        how long the group waits for a silent (crashed) member before handing its
 *                              partitions to another; a restarted instance waits this long to rejoin
 * @param commitInterval        how often a worker commits the offsets of the batches it finished (zero:
 *                              after every batch); a crash repeats at most this much work
 * @param warmUpWait            how long readiness may wait, once both consumers joined, for the JIT to go
 *                              quiet ({@link JitWarmUp}); zero: not at all
 * @param observe               the health and metrics server and the tracing ({@code observe.*})
 */
public record SinksConfig(String kafkaBootstrapServers, KafkaClientSecurity kafkaSecurity,
                          List<InetSocketAddress> cqlContactPoints, String cqlLocalDatacenter, String cqlKeyspace,
                          CqlConnection cql, RedisConnection redis, String historyGroup,
                          String routerGroup, int maxInFlight, int maxPollRecords, Duration pollTimeout,
                          Duration backoffInitial, Duration backoffMax, Duration requestTimeout,
                          Duration batchTimeout, Duration startupTimeout, Duration sessionTimeout,
                          Duration commitInterval, Duration warmUpWait, ObserveConfig observe) {
    /**
     * The longest pause between two attempts on a store that is down: also the longest a worker
     * waits once it is back. With 5 s a router retried 6.3 s after a Redis failover that was over
     * in 2.1 s, holding back every ack of its partitions meanwhile (docs/performance.md, "Redis with
     * a replica"); an attempt against a store still down costs one failed batch.
     */
    static final Duration BACKOFF_MAX = Duration.ofSeconds(1);


    public SinksConfig {
        cqlContactPoints = List.copyOf(cqlContactPoints);
    }

    /** {@code sinks.history.group-id}'s default: the history writer's consumer group. */
    public static final String HISTORY_GROUP_DEFAULT = "parley-sinks-history";
    /** How long readiness waits for the JIT; tests and tools that need no wait set it to {@code 0s}. */
    public static final String WARM_UP_WAIT = "sinks.warm-up-wait";

    /**
     * Reads every key, recording problems in {@code settings}; the caller then calls
     * {@link Settings#validate()} to fail with all of them at once.
     */
    public static SinksConfig from(Settings settings) {
        SinksConfig config = new SinksConfig(
                settings.get(SharedKeys.KAFKA_BOOTSTRAP_SERVERS),
                KafkaClientSecurity.from(settings),
                settings.get(SharedKeys.CQL_CONTACT_POINTS),
                settings.get(SharedKeys.CQL_LOCAL_DATACENTER),
                settings.get(SharedKeys.CQL_KEYSPACE),
                CqlConnection.from(settings),
                RedisConnection.from(settings),
                settings.string("sinks.history.group-id", HISTORY_GROUP_DEFAULT),
                settings.string("sinks.router.group-id", "parley-sinks-router"),
                settings.integer("sinks.max-in-flight", 256, 1, 65_536),
                settings.integer("sinks.max-poll-records", 500, 1, 10_000),
                positive(settings, "sinks.poll-timeout", Duration.ofMillis(500)),
                positive(settings, "sinks.backoff.initial", Duration.ofMillis(100)),
                positive(settings, "sinks.backoff.max", BACKOFF_MAX),
                positive(settings, "sinks.request-timeout", Duration.ofSeconds(5)),
                positive(settings, "sinks.batch-timeout", Duration.ofSeconds(60)),
                positive(settings, "sinks.startup-timeout", Duration.ofSeconds(60)),
                positive(settings, "sinks.session-timeout", Duration.ofSeconds(2)),
                settings.duration("sinks.commit-interval", Duration.ofMillis(100)),
                JitWarmUp.maxWait(settings, WARM_UP_WAIT),
                ObserveConfig.from(settings));
        if (config.sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0
                || config.sessionTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            settings.problem("sinks.session-timeout must be between 1s and 5m (below 6s the broker's"
                    + " group.min.session.timeout.ms must allow it)");
        }
        if (config.backoffMax.compareTo(config.backoffInitial) < 0) {
            settings.problem("sinks.backoff.max must not be shorter than sinks.backoff.initial");
        }
        if (config.historyGroup.equals(config.routerGroup)) {
            settings.problem("sinks.history.group-id and sinks.router.group-id must differ");
        }
        return config;
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration d = settings.duration(key, defaultValue);
        if (d.isZero()) {
            settings.problem(key + " must be longer than zero");
        }
        return d;
    }
}
