package dev.parley.common.frame;

import com.fasterxml.jackson.annotation.JsonValue;

/** The closed catalogue of WebSocket error codes of the client contract. */
public enum ErrorCode {
    /** Not valid JSON, an unknown type, a missing or mistyped field, an empty body. */
    BAD_REQUEST("bad_request"),
    /** {@code body} longer than {@link Limits#MAX_BODY_CHARS} characters. */
    TOO_LARGE("too_large"),
    /** The sender is not a member of the conversation (or it does not exist). */
    NOT_MEMBER("not_member"),
    /** Over the per-user send rate; the error carries {@code retryAfterMs}. */
    RATE_LIMITED("rate_limited"),
    /** The system cannot take the frame now (e.g. Kafka unreachable); nothing was stored. */
    UNAVAILABLE("unavailable");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
