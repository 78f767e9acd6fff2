package dev.parley.common.frame;

import java.time.Instant;

/** The message is durably accepted: it is in the ordered log with this {@code seq}. */
public record AckFrame(String clientMsgId, String conversationId, long seq, String messageId, Instant sentAt)
        implements ServerFrame {
}
