package dev.parley.sinks.internal.cql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newest history bucket this process has recorded in {@code conversation_state} per
 * conversation, so that the row is written once per conversation and bucket (once per 1,000
 * messages) instead of once per batch. Bounded, least recently used first out: a conversation
 * that falls out, or every one after a restart or a rebalance, costs one more write of a row that
 * is already right, which is harmless ({@code USING TIMESTAMP seq}). Thread-safe: the driver
 * completes writes on its own threads.
 */
final class HeadBuckets {
    private final Map<String, Long> recorded;

    HeadBuckets(int capacity) {
        this.recorded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether {@code bucket} (or a newer one) is known to be recorded for the conversation. */
    synchronized boolean isRecorded(String conversationId, long bucket) {
        Long known = recorded.get(conversationId);
        return known != null && known >= bucket;
    }

    /** Called once the write of {@code bucket} for the conversation is durable. */
    synchronized void recorded(String conversationId, long bucket) {
        recorded.merge(conversationId, bucket, Math::max);
    }
}
