package dev.parley.common.frame;

/**
 * A client frame was refused. {@code clientMsgId} is set when the refused frame was a send;
 * {@code retryAfterMs} only with {@code rate_limited}.
 */
public record ErrorFrame(ErrorCode code, String message, String clientMsgId, Long retryAfterMs)
        implements ServerFrame {

    public static ErrorFrame of(ErrorCode code, String message) {
        return new ErrorFrame(code, message, null, null);
    }

    public static ErrorFrame of(ErrorCode code, String message, String clientMsgId) {
        return new ErrorFrame(code, message, clientMsgId, null);
    }
}
