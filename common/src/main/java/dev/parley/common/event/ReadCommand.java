package dev.parley.common.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A {@code read} frame: {@code userId} has read {@code conversationId} up to {@code seq}.
 * The topology never lets a read position move backwards.
 */
public record ReadCommand(String userId, String conversationId, long seq, Origin origin, Instant receivedAt)
        implements Command {
    public ReadCommand {
        // Millisecond precision, like Kafka record time and CQL timestamps, so that every copy of the
        // time (ack, live frame, history) is the same value.
        receivedAt = receivedAt == null ? null : receivedAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
