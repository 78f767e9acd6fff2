package dev.parley.common.frame;

import dev.parley.common.event.Message;
import java.time.Instant;

/** A new message in one of the recipient's conversations: the contract's message object plus {@code type}. */
public record MessageFrame(String conversationId, long seq, String messageId, String senderId, String clientMsgId,
                           String body, Instant sentAt) implements ServerFrame {

    public static MessageFrame of(Message m) {
        return new MessageFrame(m.conversationId(), m.seq(), m.messageId(), m.senderId(), m.clientMsgId(), m.body(),
                m.sentAt());
    }

    public Message toMessage() {
        return new Message(conversationId, seq, messageId, senderId, clientMsgId, body, sentAt);
    }
}
