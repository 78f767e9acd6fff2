package dev.parley.topology.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * At most one {@code typing} per (user, conversation) per interval, decided from record times like
 * the send bucket, so a replay decides the same way. A 10,000-member group multiplies every typing
 * frame by 10,000 deliveries; one every two seconds says all there is to say.
 *
 * <p>The store is in memory and has no changelog: a throttle lost on failover or restart lets at
 * most one extra typing frame per pair through, which costs nothing, while a changelog would cost
 * a Kafka write for every forwarded typing frame.
 */
public final class TypingThrottle {
    private final KeyValueStore<String, Long> lastForwarded;
    private final long intervalMs;

    /** @param interval zero disables the throttle */
    public TypingThrottle(KeyValueStore<String, Long> lastForwarded, Duration interval) {
        this.lastForwarded = lastForwarded;
        this.intervalMs = interval.toMillis();
    }

    /** Whether a typing frame at {@code nowMs} may go on; does not write (see {@link #record}). */
    public boolean allows(String userId, String conversationId, long nowMs) {
        if (intervalMs == 0) {
            return true;
        }
        Long last = lastForwarded.get(key(userId, conversationId));
        // A time before the last one comes from another edge's clock: never hold typing back for it.
        return last == null || nowMs - last >= intervalMs || nowMs < last;
    }

    public void record(String userId, String conversationId, long nowMs) {
        if (intervalMs > 0) {
            lastForwarded.put(key(userId, conversationId), nowMs);
        }
    }

    /** Drops entries that no longer hold anything back; they would otherwise grow with every pair ever seen. */
    public void evict(long streamTimeMs) {
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = lastForwarded.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (streamTimeMs - kv.value >= intervalMs) {
                    done.add(kv.key);
                }
            }
        }
        done.forEach(lastForwarded::delete);
    }

    /** Length-prefixed so that no choice of ids makes two pairs collide. */
    static String key(String userId, String conversationId) {
        return userId.length() + ":" + userId + conversationId;
    }
}
