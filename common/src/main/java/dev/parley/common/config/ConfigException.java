package dev.parley.common.config;

/** The configuration is invalid; the message lists every problem, one per line, for the operator. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
