package dev.parley.common.config;

import java.util.Objects;

/**
 * One configuration key, declared once: its name, its default as an operator writes it, what it
 * means, and how a value is read and checked. Code reads it with {@link Settings#get(ConfigKey)}
 * and refers to the constant, never to the name, so a renamed key fails to compile wherever it is
 * used (the Cassandra driver's {@code DefaultDriverOption} / {@code TypedDriverOption} pairing).
 *
 * <p>The default is kept as text and parsed once here, so a default that its own parser refuses
 * fails when the class declaring the key loads, not in production.
 *
 * @param <T> the type a value is read as
 */
public final class ConfigKey<T> {

    /**
     * Reads a trimmed, non-empty value.
     *
     * @param <T> what it reads
     */
    @FunctionalInterface
    public interface Parser<T> {
        /** @throws IllegalArgumentException with a short reason ("must start with redis://") */
        T parse(String value);
    }

    private final String name;
    private final String defaultText;
    private final String doc;
    private final Parser<T> parser;
    private final T defaultValue;

    private ConfigKey(String name, String defaultText, String doc, Parser<T> parser) {
        this.name = Objects.requireNonNull(name);
        this.defaultText = Objects.requireNonNull(defaultText);
        this.doc = Objects.requireNonNull(doc);
        this.parser = Objects.requireNonNull(parser);
        this.defaultValue = parser.parse(defaultText);
    }

    /** A key read by {@code parser}. */
    public static <T> ConfigKey<T> of(String name, String defaultText, String doc, Parser<T> parser) {
        return new ConfigKey<>(name, defaultText, doc, parser);
    }

    /** A key whose value is any non-empty text. */
    public static ConfigKey<String> text(String name, String defaultText, String doc) {
        return new ConfigKey<>(name, defaultText, doc, v -> v);
    }

    /** A key whose value is true or false ({@code true}/{@code yes}/{@code 1}, {@code false}/{@code no}/{@code 0}). */
    public static ConfigKey<Boolean> flag(String name, String defaultText, String doc) {
        return new ConfigKey<>(name, defaultText, doc, ConfigKey::parseFlag);
    }

    /** How every Parley setting reads true or false, whatever the case. */
    static boolean parseFlag(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    /** The key as written in a properties file or {@code -D}: {@code redis.uri}. */
    public String name() {
        return name;
    }

    /** The environment variable that sets this key: {@code PARLEY_REDIS_URI}. */
    public String envName() {
        return Settings.envName(name);
    }

    /** The default as an operator would write it (what CONFIG.md shows). */
    public String defaultText() {
        return defaultText;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** One line on what the key is for; each service's CONFIG.md says what that service uses it for. */
    public String doc() {
        return doc;
    }

    /**
     * How the key's row in a module's CONFIG.md table starts: name, environment variable, default
     * ({@code (empty)} for a key whose default is no value).
     */
    public String docRow() {
        return "| `" + name + "` | `" + envName() + "` | " + (defaultText.isEmpty() ? "(empty)" : "`" + defaultText + "`")
                + " |";
    }

    /** @throws IllegalArgumentException with the reason a value is refused */
    public T parse(String value) {
        return parser.parse(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
