package dev.parley.edge.internal;

import dev.parley.edge.EdgeLimits;
import java.time.Instant;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Thread-safe; time comes
 * from the caller (an injected clock), so tests move it by hand.
 */
final class TokenBucket {
    private final double perNano;
    private final int burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(EdgeLimits.Rate rate, Instant now) {
        this.perNano = rate.perSecond() / 1e9;
        this.burst = rate.burst();
        this.tokens = rate.burst();
        this.lastNanos = nanos(now);
    }

    /** @return 0 when a token was taken, else the milliseconds until one will be there (at least 1) */
    synchronized long take(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
    }

    /** Full again: indistinguishable from a new bucket, so its holder may forget it. */
    synchronized boolean isFull(Instant now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(Instant now) {
        long t = nanos(now);
        if (t > lastNanos) {
            tokens = Math.min(burst, tokens + (t - lastNanos) * perNano);
            lastNanos = t;
        }
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
