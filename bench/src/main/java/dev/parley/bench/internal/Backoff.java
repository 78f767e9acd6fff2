package dev.parley.bench.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, as the contract asks of reconnecting clients (close
 * 1001: "reconnect, with jittered backoff"): attempt n waits a random time in [c/2, c] with
 * c = min(cap, base * 2^n), so clients that lost the same node do not return in one wave.
 */
record Backoff(long baseMillis, long capMillis) {

    long delayMillis(int attempt) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(20, Math.max(0, attempt)));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
}
