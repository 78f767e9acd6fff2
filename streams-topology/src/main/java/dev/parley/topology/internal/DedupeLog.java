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
 *
 * <p>Expiry sweeps the store itself, a slice per call, instead of keeping a second store ordered by
 * time: that index cost every send a second changelog record, and every transaction one more
 * changelog partition and its marker (issue 11). A slice is sized so that a whole pass takes at most
 * half a window of calls, so an entry outlives its window by at most that much.
 */
public final class DedupeLog {
    /** A stored ack and the record time of the send that produced it. */
    public record Entry(AckFrame ack, long atMs) {
    }

    /** The smallest slice: below it, a pass is cheap enough to finish at once. */
    static final int MIN_SLICE = 1_000;

    private final KeyValueStore<String, Entry> entries;
    private final long windowMs;
    private final long slicesPerHalfWindow;
    private final int minSlice;
    /** Where the running pass goes on; null when the next call starts a pass. */
    private String cursor;

    /**
     * @param sweepInterval how often {@link #expire} is called (in stream time): each call sweeps
     *                      enough of the store to finish a pass within half a window
     */
    public DedupeLog(KeyValueStore<String, Entry> entries, Duration window, Duration sweepInterval) {
        this(entries, window, sweepInterval, MIN_SLICE);
    }

    DedupeLog(KeyValueStore<String, Entry> entries, Duration window, Duration sweepInterval, int minSlice) {
        this.entries = entries;
        this.windowMs = window.toMillis();
        this.slicesPerHalfWindow = Math.max(1, window.toMillis() / 2 / Math.max(1, sweepInterval.toMillis()));
        this.minSlice = minSlice;
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
    }

    /**
     * Sweeps the next slice of the store and deletes the entries in it that the window has passed
     * at {@code nowMs}. An entry written again after expiry carries its new time and stays.
     *
     * @return how many entries were deleted
     */
    public int expire(long nowMs) {
        long cutoff = nowMs - windowMs;
        long slice = Math.max(minSlice, entries.approximateNumEntries() / slicesPerHalfWindow + 1);
        List<String> due = new ArrayList<>();
        String next = null;
        long visited = 0;
        // Collected first, deleted after: a store's iterator need not see its own deletes consistently.
        try (KeyValueIterator<String, Entry> it = cursor == null ? entries.all() : entries.range(cursor, null)) {
            while (it.hasNext()) {
                KeyValue<String, Entry> kv = it.next();
                if (visited++ == slice) {
                    next = kv.key;
                    break;
                }
                if (kv.value.atMs() <= cutoff) {
                    due.add(kv.key);
                }
            }
        }
        due.forEach(entries::delete);
        cursor = next;
        return due.size();
    }
}
