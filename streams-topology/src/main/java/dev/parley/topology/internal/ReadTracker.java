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
     * The position a read moves to, without writing it: {@code seq} clamped to {@code lastSeq} (a
     * client cannot have read what does not exist yet).
     *
     * @return the new position, or -1 when the read does not move the position forward
     */
    public long target(String conversationId, String userId, long seq, long lastSeq) {
        long target = Math.min(seq, lastSeq);
        Long current = positions.get(ReadPosition.key(conversationId, userId));
        return target <= (current == null ? 0 : current) ? -1 : target;
    }

    /** Stores a position that {@link #target} returned. */
    public void store(String conversationId, String userId, long position) {
        positions.put(ReadPosition.key(conversationId, userId), position);
    }

    /** {@link #target} then {@link #store}, for callers that write at once. */
    public long advance(String conversationId, String userId, long seq, long lastSeq) {
        long target = target(conversationId, userId, seq, lastSeq);
        if (target >= 0) {
            store(conversationId, userId, target);
        }
        return target;
    }
}
