package dev.parley.topology.internal;

import dev.parley.common.frame.AckFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The acks of recent sends by (conversation, sender, clientMsgId), so a retried send gets its
 * original ack. Whether an entry is still valid is decided from record times alone (not from when
 * expiry last ran), so a replay decides the same way; expiry only bounds the store's size.
 */
public final class DedupeLog {
    /** A stored ack and the record time of the send that produced it. */
    public record Entry(AckFrame ack, long atMs) {
    }

    private final KeyValueStore<String, Entry> entries;
    private final KeyValueStore<String, String> expiryIndex;
    private final long windowMs;

    public DedupeLog(KeyValueStore<String, Entry> entries, KeyValueStore<String, String> expiryIndex,
                     Duration window) {
        this.entries = entries;
        this.expiryIndex = expiryIndex;
        this.windowMs = window.toMillis();
    }

    /** The store key; length-prefixed so that no choice of ids can make two triples collide. */
    public static String key(String conversationId, String userId, String clientMsgId) {
        return conversationId.length() + ":" + conversationId + userId.length() + ":" + userId + clientMsgId;
    }

    /** @return the original ack when {@code key} was sent less than the window before {@code nowMs}, else null */
    public AckFrame lookup(String key, long nowMs) {
        Entry e = entries.get(key);
        return e != null && nowMs - e.atMs() < windowMs ? e.ack() : null;
    }

    public void remember(String key, AckFrame ack, long nowMs) {
        entries.put(key, new Entry(ack, nowMs));
        expiryIndex.put(indexKey(nowMs, key), key);
    }

    /**
     * Deletes every entry the window has passed at {@code nowMs}.
     *
     * @return how many entries were deleted
     */
    public int expire(long nowMs) {
        long cutoff = nowMs - windowMs;
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = expiryIndex.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                if (timeOf(kv.key) > cutoff) {
                    break; // the index is ordered by time
                }
                due.add(kv);
            }
        }
        int deleted = 0;
        for (KeyValue<String, String> kv : due) {
            expiryIndex.delete(kv.key);
            Entry e = entries.get(kv.value);
            // A later send after expiry re-used the key: its own index entry will expire it.
            if (e != null && e.atMs() <= cutoff) {
                entries.delete(kv.value);
                deleted++;
            }
        }
        return deleted;
    }

    static String indexKey(long atMs, String key) {
        return String.format("%019d", Math.max(0, atMs)) + "|" + key;
    }

    static long timeOf(String indexKey) {
        return Long.parseLong(indexKey.substring(0, 19));
    }
}
