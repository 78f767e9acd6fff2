package dev.parley.common.event;

import java.time.Instant;

/**
 * A user's accepted read position in a conversation: the value of {@code parley.reads.v1}, keyed
 * by {@link #key()} and compacted, so the topic always holds each user's highest position.
 */
public record ReadPosition(String conversationId, String userId, long seq, Instant at) {

    /** The record key: one per (conversation, user). */
    public String key() {
        return key(conversationId, userId);
    }

    public static String key(String conversationId, String userId) {
        return conversationId + "/" + userId;
    }
}
