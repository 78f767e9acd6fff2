package dev.parley.common.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key in this process's memory: the {@link SendLimiter} of tests and of an edge
 * whose Redis is away, and the edge's per-node limits of REST calls per user. A key's state exists
 * only while its bucket is not full ({@link #evictFull}), so memory is bounded by the keys used
 * within the last {@code capacity / refillPerSecond} seconds.
 */
public final class LocalRateLimiter implements SendLimiter {
    private final TokenBucket bucket;
    private final Map<String, TokenBucket.State> states = new ConcurrentHashMap<>();

    public LocalRateLimiter(TokenBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public long take(String userId, long nowMs) {
        long[] retry = new long[1];
        states.compute(userId, (user, state) -> {
            TokenBucket.Decision d = bucket.take(state, nowMs);
            retry[0] = d.retryAfterMs();
            return d.state();
        });
        return retry[0];
    }

    @Override
    public void evictFull(long nowMs) {
        states.values().removeIf(s -> bucket.isFull(s, nowMs));
    }

    /** Keys with a bucket that is not known to be full. */
    public int size() {
        return states.size();
    }
}
