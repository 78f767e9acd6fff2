package dev.parley.auth;

/**
 * A store (PostgreSQL, Redis, Kafka) could not do what was asked: unreachable, timed out, or
 * failed in a way the caller cannot fix by changing its input. HTTP handlers answer it with 503
 * {@code unavailable}; nothing was half-written (the transaction rolled back).
 */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
