package dev.parley.sinks.internal.cql;

import dev.parley.common.event.Message;
import dev.parley.common.event.MessageBuckets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a batch of messages into the writes of {@link CqlHistoryStore}: per history partition
 * ({@code (conversation, bucket)}), its rows in seq order, in chunks that are each written as one
 * single-partition batch. A single-partition batch is one mutation, applied atomically and in
 * isolation by Cassandra and ScyllaDB alike, and counts as one write on the replica, where one
 * statement per row counted one write per message.
 *
 * <p>Chunks stay under {@link #MAX_ROWS} and about {@link #MAX_BYTES}: Cassandra refuses batches
 * over 50 KiB only when they span partitions, but ScyllaDB's threshold applies to all of them,
 * and a 4,000-character body can take 12 KB.
 */
public final class HistoryPartitions {
    static final int MAX_ROWS = 100;
    static final int MAX_BYTES = 32 * 1024;
    /** Ids, timestamps and the row's overhead, besides the body. */
    private static final int ROW_OVERHEAD = 256;

    /** One history partition of a conversation. */
    record Key(String conversationId, long bucket) {
    }

    private HistoryPartitions() {
    }

    /** The batch's messages by partition, each partition's ascending by seq, in the order first seen. */
    static Map<Key, List<Message>> of(List<Message> messages) {
        Map<Key, List<Message>> out = new LinkedHashMap<>();
        for (Message m : messages) {
            out.computeIfAbsent(new Key(m.conversationId(), MessageBuckets.of(m.seq())), k -> new ArrayList<>()).add(m);
        }
        out.values().forEach(rows -> rows.sort(Comparator.comparingLong(Message::seq)));
        return out;
    }

    /** Consecutive runs of {@code rows}, each at most {@link #MAX_ROWS} rows and about {@link #MAX_BYTES}. */
    static List<List<Message>> chunks(List<Message> rows) {
        return chunked(rows);
    }

    /**
     * Every single-partition write the history writer makes of these messages: grouped by
     * partition ({@link #of}) and cut into {@link #chunks} (see {@code HistoryRecords.writes}).
     */
    public static List<List<Message>> writes(List<Message> messages) {
        List<List<Message>> out = new ArrayList<>();
        of(messages).values().forEach(rows -> out.addAll(chunks(rows)));
        return out;
    }

    private static List<List<Message>> chunked(List<Message> rows) {
        List<List<Message>> out = new ArrayList<>();
        List<Message> chunk = new ArrayList<>();
        long bytes = 0;
        for (Message m : rows) {
            long size = ROW_OVERHEAD + 3L * (m.body() == null ? 0 : m.body().length());
            if (!chunk.isEmpty() && (chunk.size() == MAX_ROWS || bytes + size > MAX_BYTES)) {
                out.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(m);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        return out;
    }
}
