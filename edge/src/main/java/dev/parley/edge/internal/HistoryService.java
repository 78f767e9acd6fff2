package dev.parley.edge.internal;

import dev.parley.common.event.Message;
import dev.parley.common.event.MessageBuckets;
import dev.parley.edge.HistoryReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * The edge's read side over {@link HistoryReader}: paging through bucketed history and the
 * caller's conversation list. Membership comes from the {@code conversations} projection.
 */
public final class HistoryService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** One page of history, ascending by seq. */
    public record Page(List<Message> messages, boolean hasMore) {
    }

    /** One row of the conversation list; {@code lastMessage} and {@code title} may be null. */
    public record Summary(String conversationId, String kind, String title, long lastSeq, long readSeq,
                          long unread, Message lastMessage) {
    }

    private final HistoryReader reader;
    private final HistoryDirectPeers presencePolicy;

    public HistoryService(HistoryReader reader) {
        this.reader = reader;
        this.presencePolicy = new HistoryDirectPeers(reader);
    }

    public boolean isMember(String conversationId, String userId) {
        return reader.conversation(conversationId).map(c -> c.members().contains(userId)).orElse(false);
    }

    /**
     * Messages with {@code after < seq < before} (either bound optional): from {@code after} on
     * when it is given, else the newest before {@code before} (or the newest of all).
     */
    public Page page(String conversationId, Long after, Long before, int limit) {
        // History ends at the newest message lastMessage finds, never past it: a batch the sinks
        // are still writing may have rows in a newer bucket (partitions are written side by side)
        // while rows below them are missing, and a client that catches up with after=<last seq>
        // must never skip a seq that is still being written (guarantee 5).
        long lastSeq = reader.lastMessage(conversationId).map(Message::seq).orElse(0L);
        long hi = Math.min(before == null ? Long.MAX_VALUE : before - 1, lastSeq);
        List<Message> got = new ArrayList<>(limit + 1);
        if (after != null) {
            long lo = after + 1;
            long lastBucket = MessageBuckets.of(Math.max(hi, 0));
            for (long b = MessageBuckets.of(lo); b <= lastBucket && got.size() <= limit && lo <= hi; b++) {
                long from = Math.max(lo, b * MessageBuckets.SIZE);
                long to = Math.min(hi, b * MessageBuckets.SIZE + MessageBuckets.SIZE - 1);
                got.addAll(reader.messages(conversationId, b, from, to, limit + 1 - got.size(), false));
            }
        } else {
            for (long b = MessageBuckets.of(Math.max(hi, 0)); b >= 0 && got.size() <= limit && hi >= 1; b--) {
                long from = Math.max(1, b * MessageBuckets.SIZE);
                long to = Math.min(hi, b * MessageBuckets.SIZE + MessageBuckets.SIZE - 1);
                got.addAll(reader.messages(conversationId, b, from, to, limit + 1 - got.size(), true));
            }
        }
        boolean hasMore = got.size() > limit;
        List<Message> page = new ArrayList<>(hasMore ? got.subList(0, limit) : got);
        if (after == null) {
            Collections.reverse(page);
        }
        return new Page(List.copyOf(page), hasMore);
    }

    /** Conversation metadata and current members, if known. */
    public Optional<HistoryReader.Conversation> conversation(String conversationId) {
        return reader.conversation(conversationId);
    }

    /** Ids of the conversations the user belongs to (the projection may lag a removal). */
    public List<String> conversationIds(String userId) {
        return reader.conversationIds(userId);
    }

    /** Messages sent at or after a time, ascending; {@code complete} is false when there were more than asked for. */
    public record Recent(List<Message> messages, boolean complete) {
    }

    /**
     * The conversation's messages with {@code sentAt >= from}, ascending: the newest {@code max}
     * of them, read newest first until an older one (sentAt is the accepting edge's clock, so a
     * caller allows for skew in {@code from}).
     */
    public Recent sentSince(String conversationId, Instant from, int max) {
        List<Message> newestFirst = new ArrayList<>();
        Long before = null;
        while (true) {
            Page page = page(conversationId, null, before, MAX_LIMIT);
            List<Message> ms = page.messages();
            for (int i = ms.size() - 1; i >= 0; i--) {
                if (ms.get(i).sentAt().isBefore(from)) {
                    return recent(newestFirst, true);
                }
                if (newestFirst.size() == max) {
                    return recent(newestFirst, false);
                }
                newestFirst.add(ms.get(i));
            }
            if (!page.hasMore() || ms.isEmpty()) {
                return recent(newestFirst, true);
            }
            before = ms.getFirst().seq();
        }
    }

    private static Recent recent(List<Message> newestFirst, boolean complete) {
        List<Message> ascending = new ArrayList<>(newestFirst);
        Collections.reverse(ascending);
        return new Recent(List.copyOf(ascending), complete);
    }

    /** The user's conversations, most recent activity first (those without messages last). */
    public List<Summary> conversations(String userId) {
        Map<String, Long> reads = reader.readPositions(userId);
        List<Summary> out = new ArrayList<>();
        for (String id : reader.conversationIds(userId)) {
            Optional<HistoryReader.Conversation> c = reader.conversation(id);
            if (c.isEmpty() || !c.get().members().contains(userId)) {
                continue; // the membership projection is the authority; user_conversations may lag a removal
            }
            Message last = reader.lastMessage(id).orElse(null);
            long lastSeq = last == null ? 0 : last.seq();
            long readSeq = Math.min(reads.getOrDefault(id, 0L), lastSeq);
            out.add(new Summary(id, c.get().kind(), c.get().title(), lastSeq, readSeq, lastSeq - readSeq, last));
        }
        out.sort(Comparator.comparing((Summary s) -> s.lastMessage() == null ? null : s.lastMessage().sentAt(),
                        Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Summary::conversationId));
        return out;
    }

    /** Which of {@code userIds} show their presence to {@code caller}: see {@link HistoryDirectPeers}. */
    public Set<String> presenceVisibleTo(String caller, List<String> userIds) {
        return presencePolicy.visibleTo(caller, userIds);
    }
}
