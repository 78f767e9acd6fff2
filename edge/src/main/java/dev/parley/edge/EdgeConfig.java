package dev.parley.edge;

import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.http.OriginPolicy;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.common.redis.RedisConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything the edge reads from configuration, once, at start-up. Every key is documented in
 * {@code edge/CONFIG.md}.
 */
public record EdgeConfig(
        String httpHost,
        int httpPort,
        String nodeId,
        URI jwksUrl,
        URI webAuthUrl,
        List<String> allowedOrigins,
        Duration presenceTtl,
        int sessionQueue,
        Duration idleTimeout,
        Duration drainTimeout,
        Duration kafkaDeliveryTimeout,
        ProducerLinger kafkaProducerLinger,
        String kafkaBootstrapServers,
        KafkaClientSecurity kafkaSecurity,
        List<String> cqlContactPoints,
        String cqlLocalDatacenter,
        String cqlKeyspace,
        CqlConnection cql,
        RedisConnection redis,
        Duration pingInterval,
        EdgeLimits limits,
        ObserveConfig observe) {

    public EdgeConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        cqlContactPoints = List.copyOf(cqlContactPoints);
    }

    /**
     * Reads every key, recording problems in {@code settings}; the caller then calls
     * {@link Settings#validate()}.
     */
    public static EdgeConfig from(Settings settings) {
        String nodeId = settings.string("edge.node-id", "edge-" + randomHex());
        if (!nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
            settings.problem("edge.node-id = '" + nodeId + "' must be 1 to 64 of [A-Za-z0-9_.-]");
        }
        URI jwksUrl = httpUrl(settings, "edge.jwks-url", "http://127.0.0.1:8081/.well-known/jwks.json");
        // The page calls auth where the edge fetches its keys unless told otherwise (a proxy in front).
        URI webAuthUrl = httpUrl(settings, "edge.web.auth-url", OriginPolicy.origin(jwksUrl));
        if (webAuthUrl.getRawQuery() != null || webAuthUrl.getRawFragment() != null) {
            settings.problem("edge.web.auth-url = '" + webAuthUrl + "' must not have a query or fragment");
        }
        Duration ttl = settings.duration("edge.presence-ttl", Duration.ofSeconds(30));
        if (ttl.toMillis() < 3) {
            settings.problem("edge.presence-ttl must be at least 3ms");
        }
        Duration idle = settings.duration("edge.idle-timeout", Duration.ofSeconds(60));
        if (idle.isZero()) {
            settings.problem("edge.idle-timeout must be positive");
        }
        Duration ping = settings.duration("edge.ping-interval", Duration.ofSeconds(25));
        if (ping.toMillis() < 10 || ping.compareTo(Duration.ofSeconds(30)) > 0) {
            settings.problem("edge.ping-interval must be 10ms to 30s (the contract: a ping at least every 30 s)");
        }
        Duration delivery = settings.duration("edge.kafka.delivery-timeout", Duration.ofSeconds(10));
        if (delivery.toMillis() < 1000) {
            settings.problem("edge.kafka.delivery-timeout must be at least 1s");
        }
        // Checked by the shared key, then kept as host:port text, which is what the history reader takes.
        List<String> contactPoints = settings.get(SharedKeys.CQL_CONTACT_POINTS).stream()
                .map(a -> a.getHostString() + ":" + a.getPort()).toList();
        return new EdgeConfig(
                settings.string("edge.http.host", "127.0.0.1"),
                settings.integer("edge.http.port", 8080, 0, 65535),
                nodeId,
                jwksUrl,
                webAuthUrl,
                list(settings.string("edge.allowed-origins", OriginPolicy.LOCAL)),
                ttl,
                settings.integer("edge.session-queue", 1024, 1, 1_000_000),
                idle,
                settings.duration("edge.drain-timeout", Duration.ofSeconds(5)),
                delivery,
                ProducerLinger.from(settings),
                settings.get(SharedKeys.KAFKA_BOOTSTRAP_SERVERS),
                KafkaClientSecurity.from(settings),
                contactPoints,
                settings.get(SharedKeys.CQL_LOCAL_DATACENTER),
                settings.get(SharedKeys.CQL_KEYSPACE),
                CqlConnection.from(settings),
                RedisConnection.from(settings),
                ping,
                EdgeLimits.from(settings),
                ObserveConfig.from(settings));
    }

    /**
     * How often the edge pings each socket: the configured interval, but at most half the idle
     * timeout, so that a client which only answers pings is never taken for idle.
     */
    public Duration effectivePingInterval() {
        Duration half = idleTimeout.dividedBy(2);
        return pingInterval.compareTo(half) < 0 ? pingInterval : half;
    }

    /** An http(s) URL, or a problem recorded (and a placeholder returned). */
    private static URI httpUrl(Settings settings, String key, String defaultValue) {
        String text = settings.string(key, defaultValue);
        try {
            URI url = new URI(text);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getRawAuthority() != null) {
                return url;
            }
            settings.problem(key + " = '" + text + "' must be an http(s) URL");
        } catch (URISyntaxException e) {
            settings.problem(key + " = '" + text + "' is not a URL");
        }
        return URI.create("http://invalid");
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String randomHex() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
