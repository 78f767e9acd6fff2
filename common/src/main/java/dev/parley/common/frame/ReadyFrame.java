package dev.parley.common.frame;

/** First frame after the upgrade. */
public record ReadyFrame(String userId, String sessionId) implements ServerFrame {
}
