package dev.parley.common.event;

import java.time.Instant;

/**
 * A {@code read} frame: {@code userId} has read {@code conversationId} up to {@code seq}.
 * The topology never lets a read position move backwards.
 */
public record ReadCommand(String userId, String conversationId, long seq, Origin origin, Instant receivedAt)
        implements Command {
}
