package dev.parley.common.frame;

/**
 * The closed catalogue of WebSocket close codes a client of the edge can see, next to
 * {@link ErrorCode} (an error frame refuses one frame and the socket stays open; a close ends the
 * socket). The edge closes with these codes only; the protocol codes ({@link #PROTOCOL_ERROR},
 * {@link #INVALID_TEXT}, {@link #SERVER_ERROR}) come from the WebSocket layer itself.
 */
public enum CloseCode {
    /** The session was silent longer than the idle timeout, or the peer closed normally. */
    NORMAL(1000),
    /** The node is draining: reconnect (to another node) with jittered backoff. */
    GOING_AWAY(1001),
    /** A WebSocket protocol violation (reserved bits, a bad close code, an unmasked frame). */
    PROTOCOL_ERROR(1002),
    /** A text frame that is not valid UTF-8. */
    INVALID_TEXT(1007),
    /** A policy violation: too many sockets for the user, a slow consumer, an unauthorised upgrade. */
    POLICY(1008),
    /** A frame over {@link Limits#MAX_FRAME_BYTES}. */
    TOO_BIG(1009),
    /** The server failed unexpectedly. */
    SERVER_ERROR(1011),
    /** The token expired or its login was revoked: refresh, then reconnect. */
    TOKEN_EXPIRED(4001);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }
}
