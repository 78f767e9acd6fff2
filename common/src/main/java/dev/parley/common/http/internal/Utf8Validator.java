package dev.parley.common.http.internal;

/**
 * Streaming UTF-8 well-formedness (RFC 3629, Unicode table 3-7): no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF. Fed byte by byte so a message may be split anywhere,
 * across frames too.
 */
final class Utf8Validator {
    private int needed;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** @return false once the bytes so far cannot be the start of well-formed UTF-8 */
    boolean accept(int b) {
        if (needed == 0) {
            if (b <= 0x7F) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                lower = b == 0xE0 ? 0xA0 : 0x80;
                upper = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                lower = b == 0xF0 ? 0x90 : 0x80;
                upper = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            return true;
        }
        if (b < lower || b > upper) {
            return false;
        }
        lower = 0x80;
        upper = 0xBF;
        needed--;
        return true;
    }

    /** True when no sequence is left half-way. */
    boolean complete() {
        return needed == 0;
    }

    void reset() {
        needed = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
