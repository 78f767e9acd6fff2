package dev.parley.auth;

import java.time.Duration;

/**
 * Limits login attempts per key (the service uses one key per username and one per client
 * address): at most N attempts per window. Every call counts as an attempt.
 */
public interface LoginLimiter {
    /**
     * Counts one attempt for {@code key}.
     *
     * @return {@link Decision#allowed()} or how long to wait before the next attempt may pass
     */
    Decision tryAcquire(String key);

    /**
     * @param allowed    whether this attempt may proceed
     * @param retryAfter when refused: the time until the window resets (at least one second)
     */
    record Decision(boolean allowed, Duration retryAfter) {
        public static final Decision ALLOW = new Decision(true, Duration.ZERO);

        public static Decision refuse(Duration retryAfter) {
            return new Decision(false, retryAfter);
        }

        /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
        public long retryAfterSeconds() {
            long s = (retryAfter.toMillis() + 999) / 1000;
            return Math.max(1, s);
        }
    }
}
