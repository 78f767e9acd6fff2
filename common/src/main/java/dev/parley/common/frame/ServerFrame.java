package dev.parley.common.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame the server sends to a WebSocket client, exactly as the client contract
 * ({@code PROTOCOL.md}) spells it: one JSON object with a {@code type}. Null fields are omitted.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReadyFrame.class, name = "ready"),
        @JsonSubTypes.Type(value = AckFrame.class, name = "ack"),
        @JsonSubTypes.Type(value = MessageFrame.class, name = "message"),
        @JsonSubTypes.Type(value = ReadFrame.class, name = "read"),
        @JsonSubTypes.Type(value = TypingFrame.class, name = "typing"),
        @JsonSubTypes.Type(value = PresenceFrame.class, name = "presence"),
        @JsonSubTypes.Type(value = ErrorFrame.class, name = "error"),
        @JsonSubTypes.Type(value = PongFrame.class, name = "pong")
})
public sealed interface ServerFrame
        permits ReadyFrame, AckFrame, MessageFrame, ReadFrame, TypingFrame, PresenceFrame, ErrorFrame, PongFrame {

    /**
     * Whether every field the contract requires of this frame is there: a frame decoded from a
     * topic or a channel is checked before it is forwarded to clients, who rely on those fields.
     */
    static boolean complete(ServerFrame frame) {
        return switch (frame) {
            case null -> false;
            case ReadyFrame f -> f.userId() != null && f.sessionId() != null;
            case AckFrame f -> f.clientMsgId() != null && f.conversationId() != null && f.seq() > 0
                    && f.messageId() != null && f.sentAt() != null;
            case MessageFrame f -> f.conversationId() != null && f.seq() > 0 && f.messageId() != null
                    && f.senderId() != null && f.clientMsgId() != null && f.body() != null && f.sentAt() != null;
            case ReadFrame f -> f.conversationId() != null && f.userId() != null && f.seq() >= 0;
            case TypingFrame f -> f.conversationId() != null && f.userId() != null;
            case PresenceFrame f -> f.userId() != null && ("online".equals(f.status()) || "offline".equals(f.status()));
            case ErrorFrame f -> f.code() != null && f.message() != null;
            case PongFrame f -> true;
        };
    }
}
