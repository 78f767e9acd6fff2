package dev.parley.edge.internal;

import dev.parley.common.frame.Limits;
import dev.parley.common.text.Unicode;

/**
 * The rules for every id a client hands the edge (conversation and user ids in frames, REST paths
 * and queries; {@code clientMsgId}). Ids are opaque, but they end up as Kafka keys, Redis keys,
 * CQL partition keys and in other people's frames, so each must be well-formed Unicode, of sane
 * length and free of control and format characters (NUL, newlines, bidi overrides).
 */
final class Ids {
    /** Conversation and user ids: 1 to this many UTF-16 units (a UUID is 36). */
    static final int MAX_ID_CHARS = 128;

    private Ids() {
    }

    /** @return null when {@code id} is a valid conversation or user id, else why not */
    static String problem(String id) {
        return problem(id, MAX_ID_CHARS);
    }

    /** @return null when {@code id} is a valid {@code clientMsgId}, else why not */
    static String clientMsgIdProblem(String id) {
        if (id != null && !id.isEmpty() && Unicode.isWellFormed(id)
                && id.codePointCount(0, id.length()) > Limits.MAX_CLIENT_MSG_ID_CHARS) {
            return "must be 1 to " + Limits.MAX_CLIENT_MSG_ID_CHARS + " characters";
        }
        return problem(id, Limits.MAX_CLIENT_MSG_ID_CHARS * 2);
    }

    static boolean valid(String id) {
        return problem(id) == null;
    }

    private static String problem(String id, int maxChars) {
        if (id == null || id.isEmpty()) {
            return "must not be empty";
        }
        if (id.length() > maxChars) {
            return "must be at most " + maxChars + " characters";
        }
        if (!Unicode.isWellFormed(id)) {
            return "must be well-formed Unicode";
        }
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE) {
                return "must not contain control, format or unassigned characters";
            }
            i += Character.charCount(cp);
        }
        return null;
    }
}
