package dev.parley.common.frame;

/** {@code userId} is typing in {@code conversationId}. Ephemeral. */
public record TypingFrame(String conversationId, String userId) implements ServerFrame {
}
