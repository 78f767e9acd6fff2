package dev.parley.replay.internal.verify;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything {@code verify} compares for one conversation, computed the same way from a keyspace
 * and from the log.
 *
 * @param messages   message rows
 * @param maxSeq     the highest seq, 0 when there are none
 * @param digest     hex SHA-256 over every message row in seq order (see {@code MessageRows})
 * @param headBucket the bucket of {@code conversation_state.last_seq}, -1 when there is no such row;
 *                   the bucket, not last_seq itself, because last_seq is only "a seq in the newest bucket"
 * @param kind       the conversation row's kind, null when there is none
 * @param title      the conversation row's title
 * @param members    the conversation row's members, in stored order; empty when there is no row
 * @param version    the conversation row's version, -1 when there is no row
 * @param users      users that have this conversation in {@code user_conversations}
 * @param reads      user id to read_seq from {@code read_state}
 */
public record ConversationSummary(long messages, long maxSeq, String digest, long headBucket, String kind,
                                  String title, List<String> members, long version, SortedSet<String> users,
                                  SortedMap<String, Long> reads) {
    public ConversationSummary {
        members = members == null ? List.of() : List.copyOf(members);
        users = Collections.unmodifiableSortedSet(new TreeSet<>(users == null ? Collections.emptySortedSet() : users));
        reads = Collections.unmodifiableSortedMap(new TreeMap<>(reads == null ? Collections.emptySortedMap() : reads));
    }

    /** Mutable while a side is being read; each conversation's builder is filled by one thread at a time. */
    static final class Builder {
        long messages;
        long maxSeq;
        String digest = MessageRows.EMPTY;
        long headBucket = -1;
        String kind;
        String title;
        List<String> members = List.of();
        long version = -1;
        final SortedSet<String> users = new TreeSet<>();
        final SortedMap<String, Long> reads = new TreeMap<>();

        void history(MessageRows.History history) {
            messages = history.count();
            maxSeq = history.maxSeq();
            digest = history.hex();
        }

        ConversationSummary build() {
            return new ConversationSummary(messages, maxSeq, digest, headBucket, kind, title, members, version,
                    users, reads);
        }
    }
}
