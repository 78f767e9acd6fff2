package dev.parley.common.text;

/**
 * Well-formed Unicode: the one rule every string from outside must pass before Parley stores,
 * forwards or answers with it.
 *
 * <p>Java strings are UTF-16 and may hold unpaired surrogates, which JSON's {@code \ud800} escape
 * produces on purpose. Such a string cannot be encoded as UTF-8: the Kafka serialiser turns it into
 * {@code ?} (so two different ids collide) and the CQL driver refuses it outright (which stopped the
 * history writer). Refusing it where it enters is the only place the damage can be prevented.
 */
public final class Unicode {
    private Unicode() {
    }

    /** @return true when {@code s} is null or every surrogate in it is part of a pair */
    public static boolean isWellFormed(CharSequence s) {
        return s == null || firstMalformed(s) < 0;
    }

    /** @return the index of the first unpaired surrogate in {@code s}, or -1 when there is none */
    public static int firstMalformed(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /**
     * {@code s} with every unpaired surrogate replaced by U+FFFD. Only for text Parley writes about
     * hostile input (a dead letter's reason quoting it, a log line): input itself is refused, never
     * repaired.
     */
    public static String replaceMalformed(String s) {
        if (s == null || firstMalformed(s) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return sb.toString();
    }

    /**
     * @return {@code s}
     * @throws IllegalArgumentException naming {@code what} when {@code s} is not well-formed
     */
    public static String requireWellFormed(String s, String what) {
        int at = s == null ? -1 : firstMalformed(s);
        if (at >= 0) {
            throw new MalformedTextException(what + " is not well-formed Unicode (unpaired surrogate at index " + at + ")");
        }
        return s;
    }

    /** A string that is not well-formed Unicode: deterministic, never worth a retry. */
    public static final class MalformedTextException extends IllegalArgumentException {
        public MalformedTextException(String message) {
            super(message);
        }
    }
}
