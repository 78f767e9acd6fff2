package dev.parley.common.frame;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The closed catalogue of WebSocket error codes of the client contract (the close codes are
 * {@link CloseCode}). {@link #temporary()} marks the ones a client may retry unchanged.
 */
public enum ErrorCode {
    /** Not valid JSON, an unknown type, a missing or mistyped field, an empty body. */
    BAD_REQUEST("bad_request", false),
    /** {@code body} longer than {@link Limits#MAX_BODY_CHARS} characters. */
    TOO_LARGE("too_large", false),
    /** The sender is not a member of the conversation (or it does not exist). */
    NOT_MEMBER("not_member", false),
    /** Over the per-user send rate; the error carries {@code retryAfterMs}. */
    RATE_LIMITED("rate_limited", true),
    /** The system cannot take the frame now (e.g. Kafka unreachable); nothing was stored. */
    UNAVAILABLE("unavailable", true);

    private final String wire;
    private final boolean temporary;

    ErrorCode(String wire, boolean temporary) {
        this.wire = wire;
        this.temporary = temporary;
    }

    /**
     * Whether the same frame may succeed when sent again later (after {@code retryAfterMs} when
     * given): the refusal is about now, not about the frame. The others fail again unchanged.
     */
    public boolean temporary() {
        return temporary;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
