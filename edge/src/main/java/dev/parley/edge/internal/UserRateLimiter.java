package dev.parley.edge.internal;

import dev.parley.common.limit.LocalRateLimiter;
import dev.parley.edge.EdgeLimits;
import java.time.Clock;

/**
 * REST calls per user on this node ({@code edge.limits.rest-*}). A user's bucket exists only
 * while it is not full: {@link #evictIdle()} (run by the sweeper) forgets full ones, so the
 * state is bounded by the users active in the last {@code burst / rate} seconds.
 */
public final class UserRateLimiter {
    private final LocalRateLimiter buckets;
    private final Clock clock;

    public UserRateLimiter(EdgeLimits.Rate rate, Clock clock) {
        this.buckets = new LocalRateLimiter(rate.tokenBucket());
        this.clock = clock;
    }

    /** @return 0 when the call may proceed, else the milliseconds until it may */
    long take(String userId) {
        return buckets.take(userId, clock.millis());
    }

    public void evictIdle() {
        buckets.evictFull(clock.millis());
    }

    public int size() {
        return buckets.size();
    }
}
