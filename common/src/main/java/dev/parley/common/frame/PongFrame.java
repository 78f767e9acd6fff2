package dev.parley.common.frame;

/** Answer to a client {@code ping}. */
public record PongFrame() implements ServerFrame {
}
