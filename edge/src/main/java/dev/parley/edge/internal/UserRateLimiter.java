package dev.parley.edge.internal;

import dev.parley.edge.EdgeLimits;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * REST calls per user on this node ({@code edge.limits.rest-*}). A user's bucket exists only
 * while it is not full: {@link #evictIdle()} (run by the sweeper) forgets full ones, so the
 * state is bounded by the users active in the last {@code burst / rate} seconds.
 */
public final class UserRateLimiter {
    private final EdgeLimits.Rate rate;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public UserRateLimiter(EdgeLimits.Rate rate, Clock clock) {
        this.rate = rate;
        this.clock = clock;
    }

    /** @return 0 when the call may proceed, else the milliseconds until it may */
    long take(String userId) {
        return buckets.computeIfAbsent(userId, u -> new TokenBucket(rate, clock.instant())).take(clock.instant());
    }

    public void evictIdle() {
        buckets.values().removeIf(b -> b.isFull(clock.instant()));
    }

    public int size() {
        return buckets.size();
    }
}
