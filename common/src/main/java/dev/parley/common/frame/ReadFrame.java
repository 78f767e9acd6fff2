package dev.parley.common.frame;

/** Read receipt: {@code userId}'s read position in {@code conversationId} moved to {@code seq}. */
public record ReadFrame(String conversationId, String userId, long seq) implements ServerFrame {
}
