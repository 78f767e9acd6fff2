package dev.parley.common.observe;

import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The observability keys every service reads (documented in each service's CONFIG.md and in
 * docs/observability.md).
 *
 * @param host         the interface the health and metrics server listens on
 * @param port         its port; 0 takes any free port (the READY line says which)
 * @param otlpEndpoint where spans are exported (OTLP over HTTP), or empty: no export
 * @param traceRatio   the share of new traces that are sampled (exported); a trace keeps its first hop's decision
 * @param logHops      whether each hop logs one line per message with its trace id
 */
public record ObserveConfig(String host, int port, Optional<URI> otlpEndpoint, double traceRatio, boolean logHops) {

    public static final ConfigKey<String> HOST = ConfigKey.text("observe.host", "127.0.0.1",
            "interface of the health and metrics server (0.0.0.0 in a container)");
    public static final ConfigKey<Integer> PORT = ConfigKey.of("observe.port", "9400",
            "port of the health and metrics server (/health/live, /health/ready, /metrics); 0 = any free port",
            v -> range(Integer.parseInt(v), 0, 65535));
    public static final ConfigKey<Optional<URI>> OTLP_ENDPOINT = ConfigKey.of("observe.otlp-endpoint", "none",
            "OTLP/HTTP traces endpoint, e.g. http://collector:4318/v1/traces; none = spans are not exported",
            ObserveConfig::endpoint);
    public static final ConfigKey<Double> TRACE_RATIO = ConfigKey.of("observe.trace-ratio", "1.0",
            "share of new traces sampled for export, 0.0 to 1.0 (only with an OTLP endpoint)",
            v -> range(Double.parseDouble(v), 0.0, 1.0));
    public static final ConfigKey<Boolean> LOG_HOPS = ConfigKey.flag("observe.log-hops", "false",
            "log one INFO line per message per hop with its trace id (grep a trace id to follow a message)");

    /** Every observability key, for the tests that check each is documented. */
    public static final List<ConfigKey<?>> ALL = List.of(HOST, PORT, OTLP_ENDPOINT, TRACE_RATIO, LOG_HOPS);

    public static ObserveConfig from(Settings s) {
        return new ObserveConfig(s.get(HOST), s.get(PORT), s.get(OTLP_ENDPOINT), s.get(TRACE_RATIO), s.get(LOG_HOPS));
    }

    /** Defaults, except an ephemeral port: for tests and tools. */
    public static ObserveConfig local() {
        return new ObserveConfig("127.0.0.1", 0, Optional.empty(), 1.0, false);
    }

    private static Optional<URI> endpoint(String v) {
        if (v.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        URI uri = URI.create(v);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be none or an http(s):// URL");
        }
        return Optional.of(uri);
    }

    private static <T extends Comparable<T>> T range(T v, T min, T max) {
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return v;
    }
}
