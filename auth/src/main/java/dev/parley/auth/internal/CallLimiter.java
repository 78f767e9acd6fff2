package dev.parley.auth.internal;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * REST calls per user, in this instance's memory: a token bucket of {@code burst} calls refilled
 * at {@code perSecond}. Per instance on purpose: it protects this process's database pool from
 * one user's loop, so it needs no shared store, and N instances allow N times the rate.
 */
public final class CallLimiter {
    private static final long NANOS = 1_000_000_000L;
    private static final int PURGE_ABOVE = 50_000;

    /** Tokens in units of 1/perSecond nanoseconds-of-refill, as of {@code atNanos}. */
    private record Bucket(long credit, long atNanos) {
    }

    private final int perSecond;
    private final long capacity;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public CallLimiter(int perSecond, int burst, Clock clock) {
        this.perSecond = perSecond;
        // Credit is kept in nanoseconds of refill time: one call costs NANOS / perSecond.
        this.capacity = burst * (NANOS / perSecond);
        this.clock = clock;
    }

    /** @return 0 when the call may proceed, else the milliseconds until it could */
    public long tryCall(String userId) {
        long now = nanos();
        if (buckets.size() > PURGE_ABOVE) {
            buckets.values().removeIf(b -> refilled(b, now) >= capacity);
        }
        long cost = NANOS / perSecond;
        long[] waitMs = {0};
        buckets.compute(userId, (id, b) -> {
            long credit = b == null ? capacity : refilled(b, now);
            if (credit >= cost) {
                return new Bucket(credit - cost, now);
            }
            waitMs[0] = Math.max(1, (cost - credit + 999_999) / 1_000_000);
            return new Bucket(credit, now);
        });
        return waitMs[0];
    }

    private long refilled(Bucket b, long now) {
        return Math.min(capacity, b.credit() + Math.max(0, now - b.atNanos()));
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * NANOS + i.getNano();
    }
}
