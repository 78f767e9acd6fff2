package dev.parley.common.event;

import java.time.Instant;

/**
 * A sequenced message: the value of the ordered log {@code parley.messages.v1} (keyed by
 * conversation) and the contract's {@code message} object as history returns it.
 *
 * <p>{@code seq} is gap-free per conversation and never reused: (conversationId, seq) maps to the
 * same message forever, also after stores are rebuilt by replaying the log.
 */
public record Message(String conversationId, long seq, String messageId, String senderId,
                      String clientMsgId, String body, Instant sentAt) {
}
