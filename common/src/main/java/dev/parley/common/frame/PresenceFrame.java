package dev.parley.common.frame;

/** A direct-conversation peer came online or went offline. {@code status} is {@code online} or {@code offline}. */
public record PresenceFrame(String userId, String status) implements ServerFrame {
}
