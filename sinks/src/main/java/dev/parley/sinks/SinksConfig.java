package dev.parley.sinks;

import dev.parley.common.config.Settings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Configuration of the sinks service, read once at start-up. Every key, its environment variable
 * and its default are documented in {@code sinks/CONFIG.md}.
 *
 * @param kafkaBootstrapServers Kafka bootstrap servers
 * @param cqlContactPoints      CQL contact points (unresolved host:port)
 * @param cqlLocalDatacenter    the CQL driver's local datacenter
 * @param cqlKeyspace           keyspace holding the history tables
 * @param redisUri              Redis URI (presence and node channels)
 * @param historyGroup          consumer group of the history writer
 * @param routerGroup           consumer group of the delivery router
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
 */
public record SinksConfig(String kafkaBootstrapServers, List<InetSocketAddress> cqlContactPoints,
                          String cqlLocalDatacenter, String cqlKeyspace, String redisUri, String historyGroup,
                          String routerGroup, int maxInFlight, int maxPollRecords, Duration pollTimeout,
                          Duration backoffInitial, Duration backoffMax, Duration requestTimeout,
                          Duration batchTimeout, Duration startupTimeout, Duration sessionTimeout) {

    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    public SinksConfig {
        cqlContactPoints = List.copyOf(cqlContactPoints);
    }

    /**
     * Reads every key, recording problems in {@code settings}; the caller then calls
     * {@link Settings#validate()} to fail with all of them at once.
     */
    public static SinksConfig from(Settings settings) {
        String cqlPoints = settings.string("cql.contact-points", "127.0.0.1:19042");
        String keyspace = settings.string("cql.keyspace", "parley");
        if (!KEYSPACE.matcher(keyspace).matches()) {
            settings.problem("cql.keyspace = '" + keyspace + "' is not a valid keyspace name");
        }
        String redisUri = settings.string("redis.uri", "redis://127.0.0.1:16379");
        if (!redisUri.startsWith("redis://") && !redisUri.startsWith("rediss://")) {
            settings.problem("redis.uri = '" + redisUri + "' must start with redis:// or rediss://");
        }
        SinksConfig config = new SinksConfig(
                settings.string("kafka.bootstrap-servers", "127.0.0.1:19092"),
                contactPoints(settings, cqlPoints),
                settings.string("cql.local-datacenter", "datacenter1"),
                keyspace,
                redisUri,
                settings.string("sinks.history.group-id", "parley-sinks-history"),
                settings.string("sinks.router.group-id", "parley-sinks-router"),
                settings.integer("sinks.max-in-flight", 256, 1, 65_536),
                settings.integer("sinks.max-poll-records", 500, 1, 10_000),
                positive(settings, "sinks.poll-timeout", Duration.ofMillis(500)),
                positive(settings, "sinks.backoff.initial", Duration.ofMillis(100)),
                positive(settings, "sinks.backoff.max", Duration.ofSeconds(5)),
                positive(settings, "sinks.request-timeout", Duration.ofSeconds(5)),
                positive(settings, "sinks.batch-timeout", Duration.ofSeconds(60)),
                positive(settings, "sinks.startup-timeout", Duration.ofSeconds(60)),
                positive(settings, "sinks.session-timeout", Duration.ofSeconds(10)));
        if (config.sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0
                || config.sessionTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            settings.problem("sinks.session-timeout must be between 6s and 5m (the broker's group limits)");
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

    private static List<InetSocketAddress> contactPoints(Settings settings, String value) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            int colon = p.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new IllegalArgumentException();
                }
                int port = Integer.parseInt(p.substring(colon + 1));
                points.add(InetSocketAddress.createUnresolved(p.substring(0, colon), port));
            } catch (IllegalArgumentException e) {
                settings.problem("cql.contact-points: '" + p + "' is not host:port");
            }
        }
        return points;
    }
}
