package dev.parley.auth.internal.memory;

import dev.parley.auth.AttemptCounters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AttemptCounters} in one process's memory: right for a single auth instance
 * ({@code auth.limits.store=memory}) and for tests; several instances need the Redis one.
 */
public final class InMemoryAttemptCounters implements AttemptCounters {
    private static final int PURGE_ABOVE = 10_000;

    private record Window(Instant end, int count) {
    }

    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public InMemoryAttemptCounters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Decision tryAcquire(List<Limit> limits) {
        Instant now = clock.instant();
        if (windows.size() > PURGE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.end()));
        }
        Duration wait = Duration.ZERO;
        for (Limit l : limits) {
            Window w = live(l.key(), now);
            if (w != null && w.count() >= l.max()) {
                Duration left = Duration.between(now, w.end());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        if (!wait.isZero()) {
            return Decision.refuse(wait);
        }
        for (Limit l : limits) {
            Window w = live(l.key(), now);
            windows.put(l.key(), w == null ? new Window(now.plus(l.window()), 1) : new Window(w.end(), w.count() + 1));
        }
        return Decision.ALLOW;
    }

    @Override
    public synchronized void release(String key) {
        Window w = live(key, clock.instant());
        if (w != null && w.count() > 0) {
            windows.put(key, new Window(w.end(), w.count() - 1));
        }
    }

    @Override
    public synchronized void reset(String key) {
        windows.remove(key);
    }

    private Window live(String key, Instant now) {
        Window w = windows.get(key);
        return w == null || !now.isBefore(w.end()) ? null : w;
    }
}
