package dev.parley.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Flat configuration keys ({@code edge.http.port}) read once at start-up, in this order of
 * precedence: JVM system properties, environment variables ({@code PARLEY_EDGE_HTTP_PORT}: upper
 * case, dots and dashes become underscores, prefixed {@code PARLEY_}), the properties file named
 * by {@code parley.config} / {@code PARLEY_CONFIG}, then the default the caller gives.
 *
 * <p>Typed getters record every problem instead of throwing at the first; a service builds its
 * config record and then calls {@link #validate()}, which fails fast with all of them at once.
 * A key that more than one service reads is declared once, typed, in {@link SharedKeys} and read
 * with {@link #get(ConfigKey)}.
 */
public final class Settings {
    private static final System.Logger LOG = System.getLogger(Settings.class.getName());
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = Collections.synchronizedSet(new LinkedHashSet<>());

    private Settings(Map<String, String> properties, Map<String, String> environment, Map<String, String> file) {
        this.properties = properties;
        this.environment = environment;
        this.file = file;
    }

    /** Settings from the process environment, system properties and the optional config file. */
    public static Settings fromEnvironment() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, System.getProperty(k)));
        String path = System.getProperty("parley.config", System.getenv("PARLEY_CONFIG"));
        return layered(properties, System.getenv(), path == null || path.isBlank() ? Map.of() : readFile(path));
    }

    /**
     * Settings from the three sources, each consulted in this order for every key: JVM system
     * properties ({@code edge.http.port}), environment ({@code PARLEY_EDGE_HTTP_PORT}), the config
     * file ({@code edge.http.port}); then the caller's default.
     */
    public static Settings layered(Map<String, String> properties, Map<String, String> environment,
                                   Map<String, String> file) {
        return new Settings(Map.copyOf(properties), Map.copyOf(environment), Map.copyOf(file));
    }

    /** Settings from a plain map (tests, or a launcher that passes values explicitly). */
    public static Settings of(Map<String, String> values) {
        return layered(values, Map.of(), Map.of());
    }

    /**
     * These settings with {@code overrides} winning over every source: for a command line whose
     * flags stand in for keys ({@code --keyspace} for {@code cql.keyspace}).
     */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(properties);
        merged.putAll(overrides);
        return new Settings(Map.copyOf(merged), environment, file);
    }

    private static Map<String, String> readFile(String path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(path))) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return "PARLEY_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private String raw(String key) {
        read.add(key);
        String v = properties.get(key);
        if (v == null) {
            v = environment.get(envName(key));
        }
        if (v == null) {
            v = file.get(key);
        }
        return v == null ? null : v.trim();
    }

    /**
     * The value of a declared key, read by its parser; its default when unset. A value the parser
     * refuses is recorded as a problem (see {@link #validate()}) and the default returned.
     */
    public <T> T get(ConfigKey<T> key) {
        String v = raw(key.name());
        if (v == null || v.isEmpty()) {
            return key.defaultValue();
        }
        try {
            return key.parse(v);
        } catch (IllegalArgumentException e) {
            problems.add(key.name() + " = '" + v + "': " + e.getMessage());
            return key.defaultValue();
        }
    }

    /**
     * The value of a declared key as written, unparsed and unchecked, or its default text: for a
     * caller that only passes it on as text (a command-line flag's fallback).
     */
    public String text(ConfigKey<?> key) {
        return string(key.name(), key.defaultText());
    }

    public String string(String key, String defaultValue) {
        String v = raw(key);
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    /** A value that has no default: records a problem when it is missing. */
    public String required(String key) {
        String v = raw(key);
        if (v == null || v.isEmpty()) {
            problems.add(key + " is required (or " + envName(key) + ")");
            return "";
        }
        return v;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Integer v = parse(key, defaultValue, Integer::valueOf, "a whole number");
        if (v < min || v > max) {
            problems.add(key + " = " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Long v = parse(key, defaultValue, Long::valueOf, "a whole number");
        if (v < min || v > max) {
            problems.add(key + " = " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        Double v = parse(key, defaultValue, Double::valueOf, "a number");
        if (!(v >= min && v <= max)) {
            problems.add(key + " = " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    public boolean bool(String key, boolean defaultValue) {
        return parse(key, defaultValue, ConfigKey::parseFlag, "true or false");
    }

    /** A duration as {@code 250ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d} or ISO-8601 ({@code PT10S}). */
    public Duration duration(String key, Duration defaultValue) {
        Duration d = parse(key, defaultValue, Settings::parseDuration, "a duration like 250ms, 10s, 5m, 24h");
        if (d.isNegative()) {
            problems.add(key + " must not be negative");
        }
        return d;
    }

    static Duration parseDuration(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(s);
        };
    }

    private <T> T parse(String key, T defaultValue, Function<String, T> parser, String expected) {
        String v = raw(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(v);
        } catch (RuntimeException e) {
            problems.add(key + " = '" + v + "' is not " + expected);
            return defaultValue;
        }
    }

    /** Records a problem found by the caller's own checks (e.g. two keys that contradict). */
    public void problem(String message) {
        problems.add(message);
    }

    /**
     * Every key looked up so far, in the order first asked: after a service built its config record,
     * the whole of what it can be configured with.
     */
    public List<String> keysRead() {
        synchronized (read) {
            return List.copyOf(read);
        }
    }

    /**
     * The {@code PARLEY_*} environment variables (other than {@code PARLEY_CONFIG}) and config file
     * keys that no lookup so far asked for: a misspelt name, or a setting of another service. Unlike
     * a bad value this is not fatal, since one environment file may serve several services.
     */
    public List<String> unused() {
        Set<String> asked = new java.util.HashSet<>();
        keysRead().forEach(k -> {
            asked.add(k);
            asked.add(envName(k));
        });
        List<String> unused = new ArrayList<>();
        environment.keySet().stream().filter(n -> n.startsWith("PARLEY_") && !n.equals("PARLEY_CONFIG"))
                .filter(n -> !asked.contains(n)).sorted().forEach(unused::add);
        file.keySet().stream().filter(k -> !asked.contains(k)).sorted().forEach(unused::add);
        return unused;
    }

    /**
     * Logs one WARNING per {@link #unused()} name: a service calls it once its config record is
     * built, so that a misspelt variable in a container's environment does not pass unnoticed.
     */
    public void warnUnused(String service) {
        for (String name : unused()) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} is set but no setting of {0} has that name: ignored",
                    service, name);
        }
    }

    /** @throws ConfigException listing every problem recorded so far */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }
}
