package dev.parley.common.config;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys more than one service reads (the infrastructure every service connects to), each
 * declared once with its default and its check. The defaults are the local stack's ports. A
 * service's own keys stay in its config class.
 */
public final class SharedKeys {
    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
    private static final Pattern HOST = Pattern.compile("[^\\s,]+");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS = ConfigKey.text("kafka.bootstrap-servers",
            "127.0.0.1:19092", "Kafka brokers to bootstrap from, host:port, comma-separated");

    public static final ConfigKey<String> REDIS_URI = ConfigKey.of("redis.uri", "redis://127.0.0.1:16379",
            "Redis: redis:// or rediss:// (one server), redis-sentinel:// or rediss-sentinel:// (a primary found through its Sentinels: host:port,...#group)",
            SharedKeys::redisUri);

    /** Unresolved, so reading the configuration does no DNS lookup; the CQL driver resolves them. */
    public static final ConfigKey<List<InetSocketAddress>> CQL_CONTACT_POINTS = ConfigKey.of("cql.contact-points",
            "127.0.0.1:19042", "CQL (ScyllaDB/Cassandra) nodes, host:port, comma-separated",
            SharedKeys::contactPoints);

    public static final ConfigKey<String> CQL_LOCAL_DATACENTER = ConfigKey.text("cql.local-datacenter",
            "datacenter1", "the CQL driver's local datacenter");

    public static final ConfigKey<String> CQL_KEYSPACE = ConfigKey.of("cql.keyspace", "parley",
            "keyspace of the history tables (ops cql apply creates it)", SharedKeys::keyspace);

    public static final ConfigKey<String> DB_URL = ConfigKey.of("db.url", "jdbc:postgresql://127.0.0.1:15432/parley",
            "PostgreSQL JDBC URL", SharedKeys::jdbcUrl);

    public static final ConfigKey<String> DB_USER = ConfigKey.text("db.user", "parley", "PostgreSQL user");

    public static final ConfigKey<String> DB_PASSWORD = ConfigKey.text("db.password", "parley", "PostgreSQL password");

    // Client security (a cloud deploy: MSK, ElastiCache, ScyllaDB Cloud). The defaults are the local
    // stack's: plaintext, no authentication. KafkaClientSecurity, RedisConnection and CqlConnection
    // check the combinations and turn them into client settings.

    public static final ConfigKey<String> KAFKA_SECURITY_PROTOCOL = ConfigKey.of("kafka.security-protocol",
            "PLAINTEXT", "Kafka security.protocol: PLAINTEXT, SSL or SASL_SSL",
            v -> oneOf(v, "PLAINTEXT", "SSL", "SASL_SSL"));

    public static final ConfigKey<String> KAFKA_SASL_MECHANISM = ConfigKey.of("kafka.sasl-mechanism", "none",
            "Kafka SASL mechanism: none, AWS_MSK_IAM or SCRAM-SHA-512 (the last two need SASL_SSL)",
            v -> oneOf(v, "none", "AWS_MSK_IAM", "SCRAM-SHA-512"));

    public static final ConfigKey<String> KAFKA_SASL_USERNAME = ConfigKey.text("kafka.sasl-username", "",
            "SCRAM-SHA-512 user name (only with that mechanism)");

    public static final ConfigKey<String> KAFKA_SASL_PASSWORD = ConfigKey.text("kafka.sasl-password", "",
            "SCRAM-SHA-512 password (only with that mechanism); never logged");

    public static final ConfigKey<Optional<Path>> KAFKA_TLS_TRUSTSTORE = ConfigKey.of("kafka.tls-truststore", "",
            "PEM file of the CA certificates Kafka's TLS certificate is checked against; empty = the JVM's",
            SharedKeys::readableFile);

    public static final ConfigKey<String> REDIS_PASSWORD = ConfigKey.text("redis.password", "",
            "Redis AUTH password (ElastiCache AUTH token); empty = no AUTH; never logged");

    public static final ConfigKey<String> CQL_USERNAME = ConfigKey.text("cql.username", "",
            "CQL user name (with cql.password); empty = no authentication");

    public static final ConfigKey<String> CQL_PASSWORD = ConfigKey.text("cql.password", "",
            "CQL password (with cql.username); never logged");

    public static final ConfigKey<Boolean> CQL_TLS = ConfigKey.flag("cql.tls", "false",
            "connect to CQL over TLS (host names verified)");

    public static final ConfigKey<Optional<Path>> CQL_TLS_TRUSTSTORE = ConfigKey.of("cql.tls-truststore", "",
            "PEM file of the CA certificates CQL's TLS certificate is checked against; empty = the JVM's",
            SharedKeys::readableFile);

    /** Every shared key, for tests that check each is documented where it is read. */
    public static final List<ConfigKey<?>> ALL = List.of(KAFKA_BOOTSTRAP_SERVERS, REDIS_URI, CQL_CONTACT_POINTS,
            CQL_LOCAL_DATACENTER, CQL_KEYSPACE, DB_URL, DB_USER, DB_PASSWORD, KAFKA_SECURITY_PROTOCOL,
            KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_TLS_TRUSTSTORE, REDIS_PASSWORD,
            CQL_USERNAME, CQL_PASSWORD, CQL_TLS, CQL_TLS_TRUSTSTORE);

    private SharedKeys() {
    }

    /** One of {@code allowed}, whatever the case, as written there. */
    private static String oneOf(String v, String... allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    }

    /** Empty = none; otherwise checked now, so a missing CA file stops the start and not the first connection. */
    private static Optional<Path> readableFile(String v) {
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException("is not a readable file");
        }
        return Optional.of(p);
    }

    private static String redisUri(String v) {
        if (!v.startsWith("redis://") && !v.startsWith("rediss://") && !v.startsWith("redis-sentinel://")
                && !v.startsWith("rediss-sentinel://")) {
            throw new IllegalArgumentException("must start with redis://, rediss://, redis-sentinel:// or rediss-sentinel://");
        }
        if (v.contains("-sentinel://") && (v.indexOf('#') < 0 || v.endsWith("#"))) {
            throw new IllegalArgumentException("a redis-sentinel:// URI names its group after '#' (the sentinels' master name)");
        }
        return v;
    }

    private static String keyspace(String v) {
        if (!KEYSPACE.matcher(v).matches()) {
            throw new IllegalArgumentException("is not a valid keyspace name (a letter, then up to 47 of [A-Za-z0-9_])");
        }
        return v;
    }

    private static String jdbcUrl(String v) {
        if (!v.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("must be a jdbc:postgresql: URL");
        }
        return v;
    }

    /** Empty entries (a trailing comma) are skipped; every other entry must be host:port. */
    private static List<InetSocketAddress> contactPoints(String v) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            String host = colon <= 0 ? "" : p.substring(0, colon);
            String port = colon <= 0 ? "" : p.substring(colon + 1);
            if (!HOST.matcher(host).matches() || !PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("'" + p + "' is not host:port");
            }
            points.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(port)));
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("names no host:port");
        }
        return points;
    }
}
