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
}
