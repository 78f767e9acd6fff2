package dev.parley.edge.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one {@code typing} per user and conversation per interval reaches the topology
 * ({@code edge.limits.typing-interval}); the rest is dropped silently, as the contract allows for
 * ephemeral frames. One typing frame fans out to every online member, so in a 10,000-member group
 * this is what keeps one keyboard from flooding everyone.
 *
 * <p>State per user is bounded ({@link #MAX_CONVERSATIONS_PER_USER}) and forgotten when the
 * user's last session here closes.
 */
final class TypingThrottle {
    /** Distinct conversations one user may be typing in at once; more are dropped until some expire. */
    static final int MAX_CONVERSATIONS_PER_USER = 256;

    private final Duration interval;
    private final Clock clock;
    private final Map<String, Map<String, Instant>> lastByUser = new ConcurrentHashMap<>();

    TypingThrottle(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** @return true when this typing frame is to be forwarded */
    boolean allow(String userId, String conversationId) {
        if (interval.isZero()) {
            return true;
        }
        Instant now = clock.instant();
        Map<String, Instant> last = lastByUser.computeIfAbsent(userId, u -> new HashMap<>());
        synchronized (last) {
            Instant prev = last.get(conversationId);
            if (prev != null && now.isBefore(prev.plus(interval))) {
                return false;
            }
            if (prev == null && last.size() >= MAX_CONVERSATIONS_PER_USER) {
                last.values().removeIf(t -> !now.isBefore(t.plus(interval)));
                if (last.size() >= MAX_CONVERSATIONS_PER_USER) {
                    return false;
                }
            }
            last.put(conversationId, now);
            return true;
        }
    }

    /** The user's last session here closed. */
    void forget(String userId) {
        lastByUser.remove(userId);
    }

    /** Users with state (for tests of the bound). */
    int users() {
        return lastByUser.size();
    }
}
