package dev.parley.common.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A {@code send} frame: post {@code body} to a conversation.
 *
 * @param userId         the sender
 * @param conversationId the target conversation
 * @param clientMsgId    the client's own id for this message (at most 64 chars), unique per sender;
 *                       a repeat within 24 hours yields the original ack and no new message
 * @param messageId      the id the message gets if this command is the first with its
 *                       (sender, clientMsgId); minted by the edge so that a replay is deterministic
 * @param body           the text, 1 to 4,000 characters (validated again by the topology)
 * @param origin         where to send the ack or error
 * @param receivedAt     when the edge received it; becomes the message's {@code sentAt}
 */
public record SendCommand(String userId, String conversationId, String clientMsgId, String messageId,
                          String body, Origin origin, Instant receivedAt) implements Command {
    public SendCommand {
        // Millisecond precision, like Kafka record time and CQL timestamps, so that every copy of the
        // time (ack, live frame, history) is the same value.
        receivedAt = receivedAt == null ? null : receivedAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
