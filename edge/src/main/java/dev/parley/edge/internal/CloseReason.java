package dev.parley.edge.internal;

import dev.parley.common.frame.CloseCode;
import java.util.Locale;

/**
 * Why a session ended: every path that ends one names its reason here, so the close code and text
 * the client sees and the {@code reason} tag of {@code parley.edge.closes} come from one closed set.
 * The last three are not the edge's decision (the peer left, or the connection failed) and send no
 * close frame of ours.
 */
enum CloseReason {
    TOO_MANY_SOCKETS(CloseCode.POLICY, "too many sockets"),
    SLOW_CONSUMER(CloseCode.POLICY, "slow consumer"),
    IDLE(CloseCode.NORMAL, "idle timeout"),
    TOKEN_EXPIRED(CloseCode.TOKEN_EXPIRED, "token expired"),
    REVOKED(CloseCode.TOKEN_EXPIRED, "login revoked"),
    DRAIN(CloseCode.GOING_AWAY, "draining"),
    CATCH_UP(CloseCode.GOING_AWAY, "reconnect to catch up"),
    TOO_BIG(CloseCode.TOO_BIG, "frame too big"),
    /** The client closed (or the WebSocket layer closed it for a protocol violation: see {@link #PROTOCOL}). */
    PEER(CloseCode.NORMAL, "closed by peer"),
    /** Helidon closed the connection for a WebSocket protocol violation (1002) or invalid UTF-8 (1007). */
    PROTOCOL(CloseCode.PROTOCOL_ERROR, "protocol error"),
    /** A write failed or the connection broke. */
    ERROR(CloseCode.SERVER_ERROR, "connection failed");

    private final CloseCode code;
    private final String text;
    private final String tag = name().toLowerCase(Locale.ROOT);

    CloseReason(CloseCode code, String text) {
        this.code = code;
        this.text = text;
    }

    CloseCode code() {
        return code;
    }

    /** The close frame's reason text. */
    String text() {
        return text;
    }

    /** The meter tag: the name in lower case. */
    String tag() {
        return tag;
    }

    /** How a close the peer (or the WebSocket layer) sent is counted. */
    static CloseReason ofPeer(int status) {
        return status == CloseCode.PROTOCOL_ERROR.code() || status == CloseCode.INVALID_TEXT.code() ? PROTOCOL : PEER;
    }
}
