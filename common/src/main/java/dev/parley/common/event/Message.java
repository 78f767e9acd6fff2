package dev.parley.common.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A sequenced message: the value of the ordered log {@code parley.messages.v1} (keyed by
 * conversation) and the contract's {@code message} object as history returns it.
 *
 * <p>{@code seq} is gap-free per conversation and never reused: (conversationId, seq) maps to the
 * same message forever, also after stores are rebuilt by replaying the log.
 */
public record Message(String conversationId, long seq, String messageId, String senderId,
                      String clientMsgId, String body, Instant sentAt) {
    public Message {
        // Millisecond precision, like Kafka record time and CQL timestamps, so that every copy of the
        // time (ack, live frame, history) is the same value.
        sentAt = sentAt == null ? null : sentAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
