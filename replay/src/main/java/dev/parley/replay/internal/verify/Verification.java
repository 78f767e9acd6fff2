package dev.parley.replay.internal.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Compares two sides conversation by conversation, field by field. */
public final class Verification {
    /** Users named in one {@code reads} or {@code users} difference; the rest are counted. */
    static final int USERS_SHOWN = 10;
    /** Longest text of one value (a title, a member list). */
    static final int TEXT_MAX = 200;

    private Verification() {
    }

    /** @return the differences, by conversation id then in field order; empty when the sides agree */
    public static List<Difference> compare(Map<String, ConversationSummary> left,
                                           Map<String, ConversationSummary> right) {
        SortedSet<String> ids = new TreeSet<>(left.keySet());
        ids.addAll(right.keySet());
        List<Difference> differences = new ArrayList<>();
        for (String id : ids) {
            ConversationSummary l = left.get(id);
            ConversationSummary r = right.get(id);
            if (l == null) {
                differences.add(new Difference(id, Difference.MISSING_LEFT, "missing", brief(r)));
            } else if (r == null) {
                differences.add(new Difference(id, Difference.MISSING_RIGHT, brief(l), "missing"));
            } else {
                compare(id, l, r, differences);
            }
        }
        return differences;
    }

    private static void compare(String id, ConversationSummary l, ConversationSummary r, List<Difference> out) {
        field(id, "messages", l, r, ConversationSummary::messages, out);
        field(id, "maxSeq", l, r, ConversationSummary::maxSeq, out);
        field(id, "digest", l, r, ConversationSummary::digest, out);
        field(id, "headBucket", l, r, ConversationSummary::headBucket, out);
        field(id, "kind", l, r, ConversationSummary::kind, out);
        field(id, "title", l, r, ConversationSummary::title, out);
        field(id, "members", l, r, ConversationSummary::members, out);
        field(id, "version", l, r, ConversationSummary::version, out);
        if (!l.users().equals(r.users())) {
            out.add(perUser(id, "users", members(l.users()), members(r.users()), "no"));
        }
        if (!l.reads().equals(r.reads())) {
            out.add(perUser(id, "reads", l.reads(), r.reads(), "missing"));
        }
    }

    private static void field(String id, String what, ConversationSummary l, ConversationSummary r,
                              Function<ConversationSummary, Object> value, List<Difference> out) {
        Object a = value.apply(l);
        Object b = value.apply(r);
        if (!Objects.equals(a, b)) {
            out.add(new Difference(id, what, text(a), text(b)));
        }
    }

    private static Map<String, String> members(Set<String> users) {
        Map<String, String> yes = new TreeMap<>();
        users.forEach(u -> yes.put(u, "yes"));
        return yes;
    }

    /** Only the users whose value differs, both sides in the same user order. */
    private static Difference perUser(String id, String what, Map<String, ?> l, Map<String, ?> r, String absent) {
        SortedSet<String> users = new TreeSet<>(l.keySet());
        users.addAll(r.keySet());
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        int differing = 0;
        for (String user : users) {
            String a = l.containsKey(user) ? String.valueOf(l.get(user)) : absent;
            String b = r.containsKey(user) ? String.valueOf(r.get(user)) : absent;
            if (!a.equals(b) && ++differing <= USERS_SHOWN) {
                left.add(user + ": " + a);
                right.add(user + ": " + b);
            }
        }
        String more = differing > USERS_SHOWN ? ", ... " + (differing - USERS_SHOWN) + " more" : "";
        return new Difference(id, what, text("{" + String.join(", ", left) + more + "}"),
                text("{" + String.join(", ", right) + more + "}"));
    }

    private static String brief(ConversationSummary s) {
        return s.messages() + " messages, head bucket " + s.headBucket() + ", version " + s.version() + ", "
                + s.users().size() + " users, " + s.reads().size() + " reads";
    }

    static String text(Object value) {
        String s = value == null ? "missing" : String.valueOf(value);
        return s.length() <= TEXT_MAX ? s : s.substring(0, TEXT_MAX) + "...";
    }
}
