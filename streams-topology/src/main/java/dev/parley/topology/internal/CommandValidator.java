package dev.parley.topology.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.Limits;
import dev.parley.common.text.Unicode;

/**
 * The topology's own check of a command: the edge checks early, the topology is the authority, so
 * a command from an older or buggy edge cannot poison the log or a consumer downstream. Every
 * string must be well-formed Unicode (the shared JSON decoder already refuses the rest, but a
 * command can also be built in memory); ids are short, printable and non-blank; fields the edge
 * fills in ({@code messageId}, {@code receivedAt}) are checked too.
 */
public final class CommandValidator {
    /** Longest id (user, conversation, message, node, session) accepted, in UTF-16 units. */
    public static final int MAX_ID_CHARS = 128;

    private CommandValidator() {
    }

    /**
     * Whether the command names a session that can be answered: a valid user and origin. Without
     * one a refusal has nowhere to go, so the command is dead-lettered instead.
     */
    public static boolean answerable(Command c) {
        return c != null && idProblem(c.userId()) == null && answerable(c.origin());
    }

    static boolean answerable(Origin o) {
        return o != null && idProblem(o.nodeId()) == null && idProblem(o.sessionId()) == null;
    }

    /** @return null when the command may proceed, otherwise the error for its session */
    public static ErrorFrame check(Command command) {
        ErrorFrame e = command.receivedAt() == null ? bad("receivedAt is required") : switch (command) {
            case SendCommand s -> checkSend(s);
            case ReadCommand r -> id("conversationId", r.conversationId(),
                    r.seq() < 0 ? bad("seq must not be negative") : null);
            case TypingCommand t -> id("conversationId", t.conversationId(), null);
        };
        return e == null ? null : withClientMsgId(command, e);
    }

    private static ErrorFrame checkSend(SendCommand s) {
        // Unicode first: Limits counts code points, which means nothing for a malformed string.
        if (!Unicode.isWellFormed(s.clientMsgId()) || !Unicode.isWellFormed(s.body())) {
            return bad("every string must be well-formed Unicode");
        }
        if (s.clientMsgId() != null && hasControl(s.clientMsgId())) {
            return bad("clientMsgId must not contain control characters");
        }
        ErrorFrame e = Limits.checkSend(s.clientMsgId(), s.conversationId(), s.body());
        if (e != null) {
            return e;
        }
        return id("conversationId", s.conversationId(), id("messageId", s.messageId(), null));
    }

    /** {@code otherwise} when {@code value} is a valid id, else the error naming {@code field}. */
    private static ErrorFrame id(String field, String value, ErrorFrame otherwise) {
        String problem = idProblem(value);
        return problem == null ? otherwise : bad(field + " " + problem);
    }

    /** @return null for a valid id, otherwise what is wrong with it (never echoing the value) */
    public static String idProblem(String id) {
        if (id == null || id.isBlank()) {
            return "is required";
        }
        if (id.length() > MAX_ID_CHARS) {
            return "must be at most " + MAX_ID_CHARS + " characters";
        }
        if (!Unicode.isWellFormed(id)) {
            return "must be well-formed Unicode";
        }
        return hasControl(id) ? "must not contain control characters" : null;
    }

    private static boolean hasControl(String s) {
        return s.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL);
    }

    private static ErrorFrame bad(String message) {
        return ErrorFrame.of(ErrorCode.BAD_REQUEST, message);
    }

    /** A send's refusal names its clientMsgId, unless that id is itself what cannot be echoed. */
    private static ErrorFrame withClientMsgId(Command c, ErrorFrame e) {
        String id = c instanceof SendCommand s ? s.clientMsgId() : null;
        boolean echo = id != null && Unicode.isWellFormed(id) && !hasControl(id)
                && id.codePointCount(0, id.length()) <= Limits.MAX_CLIENT_MSG_ID_CHARS;
        return new ErrorFrame(e.code(), e.message(), echo ? id : null, e.retryAfterMs());
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
