package dev.parley.auth.internal;

import java.util.regex.Pattern;

/** Input rules of the contract, and the shape of the ids this service issues. */
public final class Validation {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 128;
    public static final int MAX_TITLE = 200;

    private Validation() {
    }

    public static boolean username(String s) {
        return s != null && USERNAME.matcher(s).matches();
    }

    /** 8 to 128 characters (code points), well-formed UTF-16 (no lone surrogates). */
    public static boolean password(String s) {
        if (s == null || !wellFormed(s)) {
            return false;
        }
        int n = s.codePointCount(0, s.length());
        return n >= MIN_PASSWORD && n <= MAX_PASSWORD;
    }

    /** 1 to 200 characters, not only white space, no control characters, well-formed UTF-16. */
    public static boolean title(String s) {
        if (s == null || s.isBlank() || !wellFormed(s)) {
            return false;
        }
        if (s.codePoints().anyMatch(Character::isISOControl)) {
            return false;
        }
        return s.codePointCount(0, s.length()) <= MAX_TITLE;
    }

    /** True for the canonical lowercase UUID form this service gives to users and conversations. */
    public static boolean id(String s) {
        return s != null && s.length() == 36 && UUID.matcher(s).matches();
    }

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
