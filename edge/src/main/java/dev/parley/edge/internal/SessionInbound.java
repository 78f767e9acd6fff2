package dev.parley.edge.internal;

import java.time.Clock;

/**
 * The inbound path, socket to log: a client's frame counts as liveness, then {@link FrameHandler}
 * checks it and hands the command to the command sink (or answers an error on the session).
 * Nothing here writes to other sessions: that is {@link SessionOutbound}.
 */
final class SessionInbound {
    private final Clock clock;
    private final FrameHandler frames;
    private final PresenceListener presence;

    SessionInbound(Clock clock, FrameHandler frames, PresenceListener presence) {
        this.clock = clock;
        this.frames = frames;
        this.presence = presence;
    }

    /** A text frame from the client. */
    void text(EdgeSession session, String text) {
        session.touch(clock.instant());
        frames.handle(session, text);
    }

    /** Any other sign of life (a pong, a ping, a binary or fragment frame). */
    void touch(EdgeSession session) {
        session.touch(clock.instant());
    }

    /** A frame refused before it could be parsed (binary, or over the size limit): counted as {@code invalid}. */
    void invalid() {
        frames.invalid();
    }

    /** A read position the session's {@link ReadCoalescer} let through. */
    void read(EdgeSession session, String conversationId, long seq) {
        frames.read(session, conversationId, seq);
        if (seq > 0) {
            presence.tookPart(session.userId());
        }
    }
}
