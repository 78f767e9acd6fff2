package dev.parley.common.event;

import dev.parley.common.frame.ServerFrame;

/**
 * An {@code ack} or {@code error} for one session, on {@code parley.replies.v1} keyed by the
 * origin's node id. Written in the same transaction as the message it acknowledges, so a
 * read_committed consumer sees the ack only once the message is in the log.
 */
public record Reply(Origin origin, String userId, ServerFrame frame) {
}
