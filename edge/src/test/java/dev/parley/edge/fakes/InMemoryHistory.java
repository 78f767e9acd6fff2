package dev.parley.edge.fakes;

import dev.parley.common.event.Message;
import dev.parley.common.event.MessageBuckets;
import dev.parley.edge.HistoryReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The CQL projections in maps, partitioned by (conversation, bucket) like the real table. */
public final class InMemoryHistory implements HistoryReader {
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, Message>> partitions = new ConcurrentHashMap<>();
    /** conversation_state: a seq in the conversation's newest bucket. */
    private final Map<String, Long> head = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> reads = new ConcurrentHashMap<>();

    private volatile boolean failing;

    /** While true every read throws, as the CQL reader does when the store is unreachable. */
    public void failReads(boolean failing) {
        this.failing = failing;
    }

    private void check() {
        if (failing) {
            throw new IllegalStateException("CQL unreachable (in-memory)");
        }
    }

    public void conversation(String id, String kind, String title, String... members) {
        conversations.put(id, new Conversation(id, kind, title, List.of(members)));
    }

    /** Appends messages 1..count (or continues after the last one), sentAt = base + seq seconds. */
    public void messages(String conversationId, int count, Instant base) {
        long from = lastMessage(conversationId).map(Message::seq).orElse(0L) + 1;
        for (long seq = from; seq < from + count; seq++) {
            Message m = new Message(conversationId, seq, "m-" + conversationId + "-" + seq, "alice", "c" + seq,
                    "body " + seq, base.plusSeconds(seq));
            partitions.computeIfAbsent(conversationId + "/" + MessageBuckets.of(seq), k -> new TreeMap<>()).put(seq, m);
            head.put(conversationId, seq);
        }
    }

    /**
     * Writes a message row without moving {@code conversation_state}, as a batch the sinks are
     * still writing into a new bucket: only a row above the head's bucket is a state the sinks
     * allow (within a bucket rows appear in seq order).
     */
    public void messageRowOnly(String conversationId, long seq, Instant base) {
        if (MessageBuckets.of(seq) <= MessageBuckets.of(head.getOrDefault(conversationId, 0L))) {
            throw new IllegalArgumentException("rows of the head's bucket appear in seq order: " + seq);
        }
        Message m = new Message(conversationId, seq, "m-" + conversationId + "-" + seq, "alice", "c" + seq,
                "body " + seq, base.plusSeconds(seq));
        partitions.computeIfAbsent(conversationId + "/" + MessageBuckets.of(seq), k -> new TreeMap<>()).put(seq, m);
    }

    public void read(String userId, String conversationId, long seq) {
        reads.computeIfAbsent(userId, k -> new ConcurrentHashMap<>()).put(conversationId, seq);
    }

    @Override
    public Optional<Conversation> conversation(String conversationId) {
        check();
        return Optional.ofNullable(conversations.get(conversationId));
    }

    @Override
    public Optional<Message> lastMessage(String conversationId) {
        check();
        Long seq = head.get(conversationId);
        return seq == null ? Optional.empty()
                : messages(conversationId, MessageBuckets.of(seq), 0, Long.MAX_VALUE, 1, true).stream().findFirst();
    }

    @Override
    public List<Message> messages(String conversationId, long bucket, long fromSeq, long toSeq, int limit,
                                  boolean newestFirst) {
        check();
        NavigableMap<Long, Message> p = partitions.getOrDefault(conversationId + "/" + bucket, new TreeMap<>());
        if (fromSeq > toSeq) {
            return List.of();
        }
        NavigableMap<Long, Message> range = p.subMap(fromSeq, true, toSeq, true);
        return (newestFirst ? range.descendingMap() : range).values().stream().limit(limit).toList();
    }

    @Override
    public List<String> conversationIds(String userId) {
        check();
        List<String> out = new ArrayList<>();
        conversations.values().forEach(c -> {
            if (c.members().contains(userId)) {
                out.add(c.conversationId());
            }
        });
        return out;
    }

    @Override
    public Map<String, Long> readPositions(String userId) {
        check();
        return new HashMap<>(reads.getOrDefault(userId, Map.of()));
    }
}
