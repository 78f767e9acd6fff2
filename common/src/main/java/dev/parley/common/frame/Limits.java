package dev.parley.common.frame;

/** Limits of the client contract, shared by the edge (early refusal) and the topology (authority). */
public final class Limits {
    /** {@code body} is 1 to 4,000 characters (Unicode code points). */
    public static final int MAX_BODY_CHARS = 4000;
    /** {@code clientMsgId} is at most 64 characters. */
    public static final int MAX_CLIENT_MSG_ID_CHARS = 64;
    /** A WebSocket frame over 64 KiB closes the connection with 1009. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** An HTTP request body over 64 KiB gets 413. */
    public static final int MAX_HTTP_BODY_BYTES = 64 * 1024;

    private Limits() {
    }

    /**
     * Checks a send's {@code clientMsgId} and {@code body}.
     *
     * @return null when valid, otherwise the error to send (without clientMsgId filled in)
     */
    public static ErrorFrame checkSend(String clientMsgId, String conversationId, String body) {
        if (clientMsgId == null || clientMsgId.isEmpty()
                || clientMsgId.codePointCount(0, clientMsgId.length()) > MAX_CLIENT_MSG_ID_CHARS) {
            return ErrorFrame.of(ErrorCode.BAD_REQUEST, "clientMsgId must be 1 to " + MAX_CLIENT_MSG_ID_CHARS + " characters");
        }
        if (conversationId == null || conversationId.isEmpty()) {
            return ErrorFrame.of(ErrorCode.BAD_REQUEST, "conversationId is required");
        }
        if (body == null || body.isEmpty()) {
            return ErrorFrame.of(ErrorCode.BAD_REQUEST, "body must be 1 to " + MAX_BODY_CHARS + " characters");
        }
        if (body.codePointCount(0, body.length()) > MAX_BODY_CHARS) {
            return ErrorFrame.of(ErrorCode.TOO_LARGE, "body is longer than " + MAX_BODY_CHARS + " characters");
        }
        return null;
    }
}
