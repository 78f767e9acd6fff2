package dev.parley.replay.internal.shadow;

import dev.parley.common.event.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One place where the shadow run's output differs from the live log.
 *
 * @param conversationId the conversation
 * @param kind           a message of the ordered log, or the outcome of a send
 * @param key            {@code seq 5} for a message, {@code user/clientMsgId} for an outcome
 * @param live           the live side: {@code missing}, a message, the fields that differ, or the
 *                       outcomes in order, e.g. {@code [ack 3, ack 3]}
 * @param shadow         the shadow side, in the same form
 */
public record Divergence(String conversationId, Kind kind, String key, String live, String shadow) {
    /** Longer bodies are cut in the texts, which are for people; the length is still shown. */
    static final int BODY_CHARS = 120;
    static final String MISSING = "missing";

    public enum Kind { MESSAGE, OUTCOME }

    /** For one seq whose messages differ; null when they do not. */
    static Divergence message(String conversationId, long seq, Message live, Message shadow) {
        if (Objects.equals(live, shadow)) {
            return null;
        }
        String key = "seq " + seq;
        if (live == null || shadow == null) {
            return new Divergence(conversationId, Kind.MESSAGE, key, describe(live), describe(shadow));
        }
        // Both there: only the fields that differ, so a changed body is not lost among equal ids.
        List<String> l = new ArrayList<>();
        List<String> s = new ArrayList<>();
        field("messageId", live.messageId(), shadow.messageId(), l, s);
        field("senderId", live.senderId(), shadow.senderId(), l, s);
        field("clientMsgId", live.clientMsgId(), shadow.clientMsgId(), l, s);
        field("body", quote(live.body()), quote(shadow.body()), l, s);
        field("sentAt", live.sentAt(), shadow.sentAt(), l, s);
        return new Divergence(conversationId, Kind.MESSAGE, key, String.join(" ", l), String.join(" ", s));
    }

    /** For one send whose outcomes differ; null when they do not. */
    static Divergence outcome(String conversationId, String key, List<String> live, List<String> shadow) {
        return live.equals(shadow) ? null
                : new Divergence(conversationId, Kind.OUTCOME, key, live.toString(), shadow.toString());
    }

    /** One line for people: {@code seq 2: live body="hi" | shadow body="ho"}. */
    public String line() {
        return key + ": live " + live + " | shadow " + shadow;
    }

    private static String describe(Message m) {
        return m == null ? MISSING : m.messageId() + " by " + m.senderId() + " (" + m.clientMsgId() + ") at "
                + m.sentAt() + " " + quote(m.body());
    }

    private static void field(String name, Object live, Object shadow, List<String> l, List<String> s) {
        if (!Objects.equals(live, shadow)) {
            l.add(name + "=" + live);
            s.add(name + "=" + shadow);
        }
    }

    private static String quote(String body) {
        if (body == null) {
            return null;
        }
        if (body.length() <= BODY_CHARS) {
            return '"' + body + '"';
        }
        return '"' + body.substring(0, BODY_CHARS) + "\u2026\" (" + body.length() + " chars)";
    }
}
