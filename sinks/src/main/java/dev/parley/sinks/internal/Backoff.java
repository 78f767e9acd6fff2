package dev.parley.sinks.internal;

import java.time.Duration;

/** Exponential backoff: {@code initial * 2^attempt}, capped at {@code max}. No jitter: one consumer per partition retries. */
public record Backoff(Duration initial, Duration max) {

    /** The pause after the {@code attempt}-th consecutive failure (0-based). */
    public Duration delay(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long millis = initial.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
