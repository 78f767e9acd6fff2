package dev.parley.common.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A {@code typing} frame: ephemeral, never stored, delivered only to the conversation's members. */
public record TypingCommand(String userId, String conversationId, Origin origin, Instant receivedAt)
        implements Command {
    public TypingCommand {
        // Millisecond precision, like Kafka record time and CQL timestamps, so that every copy of the
        // time (ack, live frame, history) is the same value.
        receivedAt = receivedAt == null ? null : receivedAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
