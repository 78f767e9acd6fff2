package dev.parley.common.event;

import dev.parley.common.frame.ServerFrame;

/**
 * An {@code ack} or {@code error} for one session, on {@code parley.replies.v1} keyed by the
 * origin's node id. Written in the same transaction as the command's other outputs. The ack of a
 * new message is not a reply but rides on its delivery ({@link Delivery#ackTo}); a reply acks a
 * repeated send (the original ack) and answers refusals.
 */
public record Reply(Origin origin, String userId, ServerFrame frame) {
}
