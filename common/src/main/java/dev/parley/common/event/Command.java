package dev.parley.common.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A client frame after the edge parsed it, on its way into the topology.
 *
 * <p>Keyed by {@link #conversationId()} on {@code parley.commands.v2}, where the edges write it
 * (so one conversation is sequenced in one place; the edge took the send's rate-limit token), and
 * on {@code parley.commands.by-conversation.v1}, where stage 1 forwards what older edges wrote
 * keyed by {@link #userId()} on {@code parley.commands.v1} (rate limited there).
 * Everything the later stages decide is a function of the command and its record time, so a
 * replay decides the same way.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SendCommand.class, name = "send"),
        @JsonSubTypes.Type(value = ReadCommand.class, name = "read"),
        @JsonSubTypes.Type(value = TypingCommand.class, name = "typing")
})
public sealed interface Command permits SendCommand, ReadCommand, TypingCommand {
    /** The authenticated user who sent the frame (from the access token, never from the frame). */
    String userId();

    /** The conversation the frame is about. */
    String conversationId();

    /** The edge node and session the frame came from. */
    Origin origin();

    /** When the edge received the frame; also the Kafka record timestamp. */
    Instant receivedAt();
}
