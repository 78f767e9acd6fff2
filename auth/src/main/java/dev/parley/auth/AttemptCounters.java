package dev.parley.auth;

import java.time.Duration;
import java.util.List;

/**
 * Fixed-window attempt counters, the store behind the login and registration limits: a key's
 * window starts with its first counted attempt and its count is forgotten when the window ends.
 * Implementations are thread-safe; the Redis one is shared by every auth instance.
 */
public interface AttemptCounters {
    /**
     * One counter and its limit.
     *
     * @param key    what is counted, e.g. a client address
     * @param max    attempts allowed per window
     * @param window the window, started by the first attempt
     */
    record Limit(String key, int max, Duration window) {
    }

    /**
     * Counts one attempt against every limit, all or nothing: when any counter is already at its
     * max, nothing is counted and the answer says how long until the longest such window ends.
     * Counting before the work (rather than after a failure) keeps parallel requests from all
     * passing the check at once.
     */
    Decision tryAcquire(List<Limit> limits);

    /** Gives one attempt back to {@code key} (the attempt turned out not to count). */
    void release(String key);

    /** Forgets {@code key}'s count. */
    void reset(String key);

    /**
     * @param allowed    whether this attempt may proceed
     * @param retryAfter when refused: the time until the window resets
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
