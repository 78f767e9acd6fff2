package dev.parley.common.frame;

import dev.parley.common.event.Message;
import java.time.Instant;

/** The message is durably accepted: it is in the ordered log with this {@code seq}. */
public record AckFrame(String clientMsgId, String conversationId, long seq, String messageId, Instant sentAt)
        implements ServerFrame {

    /** The ack of a message in the log: what the session that sent it is told. */
    public static AckFrame of(Message m) {
        return new AckFrame(m.clientMsgId(), m.conversationId(), m.seq(), m.messageId(), m.sentAt());
    }

    /** The same, from the message's frame. */
    public static AckFrame of(MessageFrame m) {
        return new AckFrame(m.clientMsgId(), m.conversationId(), m.seq(), m.messageId(), m.sentAt());
    }
}
