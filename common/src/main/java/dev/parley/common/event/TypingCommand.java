package dev.parley.common.event;

import java.time.Instant;

/** A {@code typing} frame: ephemeral, never stored, delivered only to the conversation's members. */
public record TypingCommand(String userId, String conversationId, Origin origin, Instant receivedAt)
        implements Command {
}
