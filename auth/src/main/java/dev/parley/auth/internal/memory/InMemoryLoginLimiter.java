package dev.parley.auth.internal.memory;

import dev.parley.auth.LoginLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed-window login limiter in one process's memory: right for a single auth instance and for
 * tests; several instances need the Redis one to share counts.
 */
public final class InMemoryLoginLimiter implements LoginLimiter {
    private static final int PURGE_ABOVE = 10_000;

    private record Window(Instant start, int count) {
    }

    private final int attempts;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public InMemoryLoginLimiter(int attempts, Duration window, Clock clock) {
        this.attempts = attempts;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized Decision tryAcquire(String key) {
        Instant now = clock.instant();
        if (windows.size() > PURGE_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        }
        Window w = windows.get(key);
        if (w == null || !now.isBefore(w.start().plus(window))) {
            w = new Window(now, 0);
        }
        w = new Window(w.start(), w.count() + 1);
        windows.put(key, w);
        return w.count() <= attempts ? Decision.ALLOW : Decision.refuse(Duration.between(now, w.start().plus(window)));
    }
}
