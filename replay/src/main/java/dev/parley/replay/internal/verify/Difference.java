package dev.parley.replay.internal.verify;

/**
 * One way in which a conversation differs between the two sides.
 *
 * @param conversationId the conversation
 * @param what           the field ({@code messages}, {@code digest}, {@code reads}, ...) or
 *                       {@code missing on the left} / {@code missing on the right}
 * @param left           the left side's value; for {@code reads} and {@code users} only the users that
 *                       differ, e.g. {@code {u1: 5, u2: missing}}
 * @param right          the right side's value, in the same form
 */
public record Difference(String conversationId, String what, String left, String right) {
    public static final String MISSING_LEFT = "missing on the left";
    public static final String MISSING_RIGHT = "missing on the right";

    /** One line for people: {@code c1 reads: {u1: 5, u2: missing} vs {u1: 7, u2: 3}}. */
    public String line() {
        return conversationId + " " + what + ": " + left + " vs " + right;
    }
}
