package dev.parley.topology.internal;

import dev.parley.common.event.ReadPosition;
import org.apache.kafka.streams.state.KeyValueStore;

/** Read positions per (conversation, user), which only ever move forward. */
public final class ReadTracker {
    private final KeyValueStore<String, Long> positions;

    public ReadTracker(KeyValueStore<String, Long> positions) {
        this.positions = positions;
    }

    /**
     * Moves the position to {@code seq}, clamped to {@code lastSeq} (a client cannot have read
     * what does not exist yet).
     *
     * @return the new position, or -1 when the read does not move the position forward
     */
    public long advance(String conversationId, String userId, long seq, long lastSeq) {
        String key = ReadPosition.key(conversationId, userId);
        long target = Math.min(seq, lastSeq);
        Long current = positions.get(key);
        if (target <= (current == null ? 0 : current)) {
            return -1;
        }
        positions.put(key, target);
        return target;
    }
}
