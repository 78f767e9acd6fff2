package dev.parley.common.limit;

/**
 * Token bucket arithmetic as pure functions of a state and a time. Tokens are counted in
 * milli-tokens so a refill is an exact integer: a replay of the same records with the same
 * timestamps takes the same decisions.
 *
 * @param capacity        tokens the bucket holds when full (the burst)
 * @param refillPerSecond tokens added per second (the sustained rate)
 */
public record TokenBucket(int capacity, int refillPerSecond) {
    public static final long MILLI = 1000;

    public TokenBucket {
        if (capacity < 1 || refillPerSecond < 1) {
            throw new IllegalArgumentException("capacity and refillPerSecond must be positive");
        }
    }

    /** A user's bucket: {@code milliTokens} left as of {@code lastMs}. No state means a full bucket. */
    public record State(long milliTokens, long lastMs) {
    }

    /** The outcome of taking one token; {@code retryAfterMs} is 0 when allowed. */
    public record Decision(boolean allowed, State state, long retryAfterMs) {
    }

    /** The state at {@code nowMs}. Time never runs backwards for a bucket: an older record adds nothing. */
    public State refill(State s, long nowMs) {
        long full = capacity * MILLI;
        if (s == null) {
            return new State(full, nowMs);
        }
        // Bounding elapsed by the time to fill up keeps the product far from overflow.
        long elapsed = Math.min(Math.max(0, nowMs - s.lastMs()), full / refillPerSecond + 1);
        long tokens = Math.min(full, s.milliTokens() + elapsed * refillPerSecond);
        return new State(tokens, Math.max(s.lastMs(), nowMs));
    }

    public Decision take(State s, long nowMs) {
        State r = refill(s, nowMs);
        if (r.milliTokens() >= MILLI) {
            return new Decision(true, new State(r.milliTokens() - MILLI, r.lastMs()), 0);
        }
        long missing = MILLI - r.milliTokens();
        return new Decision(false, r, (missing + refillPerSecond - 1) / refillPerSecond);
    }

    /** A full bucket behaves exactly like no bucket, so it can be dropped from the store. */
    public boolean isFull(State s, long nowMs) {
        return refill(s, nowMs).milliTokens() >= capacity * MILLI;
    }
}
