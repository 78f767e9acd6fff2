package dev.parley.common.http.internal;

import io.helidon.websocket.WsCloseException;

/**
 * Follows the client's WebSocket frames byte by byte (RFC 6455 5.2) and finds what Helidon 4
 * lets through or answers wrongly: reserved bits or opcodes, fragmented or oversized control
 * frames, a data frame inside a fragmented message (all 1002); text that is not UTF-8, also
 * split across fragments (1007); a close payload of one byte or with a code no endpoint may send
 * (1002) or a reason that is not UTF-8 (1007). Sizes are Helidon's to check (1009).
 */
final class WsFrameValidator {
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_PAYLOAD = 1007;

    private final Utf8Validator text = new Utf8Validator();
    private final Utf8Validator closeReason = new Utf8Validator();
    private final byte[] header = new byte[14];
    private int headerRead;
    private int opcode;
    private boolean fin;
    private long remaining;
    private long position;
    private final int[] mask = new int[4];
    private boolean inMessage;
    private boolean textMessage;
    private int closeCode;
    private boolean inPayload;
    private WsCloseException failure;

    /**
     * @return the index in {@code bytes} where the frame holding the first violation starts
     *     (0 if it started in an earlier chunk), or -1 if every byte is fine so far; the
     *     violation is then {@link #failure()}
     */
    int accept(byte[] bytes) {
        int frameStart = -1;
        int i = 0;
        while (i < bytes.length) {
            if (inPayload) {
                int run = (int) Math.min(remaining, bytes.length - i);
                if (!payloadRun(bytes, i, run)) {
                    return Math.max(frameStart, 0);
                }
                i += run;
                continue;
            }
            if (headerRead == 0) {
                frameStart = i;
            }
            if (!acceptByte(bytes[i] & 0xFF)) {
                return Math.max(frameStart, 0);
            }
            i++;
        }
        return -1;
    }

    WsCloseException failure() {
        return failure;
    }

    private boolean acceptByte(int b) {
        if (inPayload) {
            return payload(b);
        }
        header[headerRead++] = (byte) b;
        if (headerRead == 1) {
            return firstByte(b);
        }
        if (headerRead == 2) {
            if ((b & 0x80) == 0) {
                return fail(PROTOCOL_ERROR, "client frames must be masked");
            }
            if (opcode >= 0x8 && (b & 0x7F) > 125) {
                return fail(PROTOCOL_ERROR, "control frames carry at most 125 bytes");
            }
        }
        int lengthBytes = switch (header[1] & 0x7F) {
            case 126 -> 2;
            case 127 -> 8;
            default -> 0;
        };
        if (headerRead == 3 && lengthBytes == 8 && (b & 0x80) != 0) {
            return fail(PROTOCOL_ERROR, "frame length out of range");
        }
        if (headerRead < 2 + lengthBytes + 4) {
            return true;
        }
        remaining = header[1] & 0x7F;
        if (lengthBytes > 0) {
            remaining = 0;
            for (int i = 0; i < lengthBytes; i++) {
                remaining = (remaining << 8) | (header[2 + i] & 0xFF);
            }
        }
        for (int i = 0; i < 4; i++) {
            mask[i] = header[2 + lengthBytes + i] & 0xFF;
        }
        position = 0;
        headerRead = 0;
        inPayload = true;
        closeCode = 0;
        closeReason.reset();
        return remaining > 0 || endOfFrame();
    }

    private boolean firstByte(int b) {
        fin = (b & 0x80) != 0;
        opcode = b & 0x0F;
        if ((b & 0x70) != 0) {
            return fail(PROTOCOL_ERROR, "reserved bits set");
        }
        switch (opcode) {
            case 0x0 -> {
                if (!inMessage) {
                    return fail(PROTOCOL_ERROR, "continuation without a message");
                }
            }
            case 0x1, 0x2 -> {
                if (inMessage) {
                    return fail(PROTOCOL_ERROR, "new message inside a fragmented one");
                }
                inMessage = true;
                textMessage = opcode == 0x1;
                text.reset();
            }
            case 0x8, 0x9, 0xA -> {
                if (!fin) {
                    return fail(PROTOCOL_ERROR, "control frames must not be fragmented");
                }
            }
            default -> {
                return fail(PROTOCOL_ERROR, "unknown opcode");
            }
        }
        return true;
    }

    /**
     * {@code n} payload bytes of the current frame, {@code n ≤ remaining}. A data frame's bytes go
     * through one tight loop (unmasked and, for text, checked as UTF-8) instead of a few calls per
     * byte: the per-byte path was the edge's hottest code under load, about a sixth of its CPU
     * samples (JFR, pairs profile, 2026-12-05). Control frames, at most 125 bytes, keep it.
     */
    private boolean payloadRun(byte[] bytes, int off, int n) {
        if (opcode >= 0x8) {
            for (int k = 0; k < n; k++) {
                if (!payload(bytes[off + k] & 0xFF)) {
                    return false;
                }
            }
            return true;
        }
        if (textMessage) {
            for (int k = 0; k < n; k++) {
                int b = (bytes[off + k] & 0xFF) ^ mask[(int) ((position + k) & 3)];
                if (!text.accept(b)) {
                    return fail(INVALID_PAYLOAD, "text is not UTF-8");
                }
            }
        }
        position += n;
        remaining -= n;
        return remaining > 0 || endOfFrame();
    }

    private boolean payload(int masked) {
        int b = masked ^ mask[(int) (position & 3)];
        position++;
        remaining--;
        if (opcode < 0x8 && textMessage && !text.accept(b)) {
            return fail(INVALID_PAYLOAD, "text is not UTF-8");
        }
        if (opcode == 0x8) {
            if (position <= 2) {
                closeCode = (closeCode << 8) | b;
            } else if (!closeReason.accept(b)) {
                return fail(INVALID_PAYLOAD, "close reason is not UTF-8");
            }
        }
        return remaining > 0 || endOfFrame();
    }

    private boolean endOfFrame() {
        inPayload = false;
        if (opcode == 0x8) {
            if (position == 1) {
                return fail(PROTOCOL_ERROR, "close payload of one byte");
            }
            if (position >= 2 && !sendable(closeCode)) {
                return fail(PROTOCOL_ERROR, "close code not allowed");
            }
            if (!closeReason.complete()) {
                return fail(INVALID_PAYLOAD, "close reason is not UTF-8");
            }
            return true;
        }
        if (opcode < 0x8 && fin) {
            inMessage = false;
            if (textMessage && !text.complete()) {
                return fail(INVALID_PAYLOAD, "text is not UTF-8");
            }
        }
        return true;
    }

    /** Codes an endpoint may put in a close frame (RFC 6455 7.4, IANA registry). */
    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private boolean fail(int code, String reason) {
        failure = new WsCloseException(reason, code);
        return false;
    }
}
