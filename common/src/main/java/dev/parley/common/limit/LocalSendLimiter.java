package dev.parley.common.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SendLimiter} in this process's memory. A user's state exists only while the bucket is
 * not full ({@link #evictFull}), so memory is bounded by the users who sent within the last
 * {@code capacity / refillPerSecond} seconds.
 */
public final class LocalSendLimiter implements SendLimiter {
    private final TokenBucket bucket;
    private final Map<String, TokenBucket.State> states = new ConcurrentHashMap<>();

    public LocalSendLimiter(TokenBucket bucket) {
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

    /** Users with a bucket that is not known to be full. */
    public int size() {
        return states.size();
    }
}
