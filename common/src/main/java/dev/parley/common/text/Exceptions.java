package dev.parley.common.text;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one way an exception becomes one line of text: in a dead letter's {@code reason}, a FATAL
 * line, a log line that must not span lines. Every module uses this, so an operator reads the
 * same shape everywhere.
 */
public final class Exceptions {
    /** Past this many characters no further cause is appended: a reason is read, not parsed. */
    static final int MAX_CHARS = 1000;

    private Exceptions() {
    }

    /**
     * Each link of the chain as {@code Class: message}, outermost first, joined by {@code <-} and
     * folded to one line: the class says what kind of failure it is even when the message is terse
     * ("long overflow"). The wrappers of asynchronous code ({@link CompletionException},
     * {@link ExecutionException}) say nothing and are skipped; a cause whose message an outer one
     * already quotes is left out.
     */
    public static String oneLine(Throwable thrown) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = unwrap(thrown); c != null && sb.length() < MAX_CHARS; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : fold(c.getMessage());
            if (!m.isEmpty() && sb.indexOf(m) >= 0) {
                continue;
            }
            sb.append(sb.isEmpty() ? "" : " <- ").append(c.getClass().getSimpleName()).append(m.isEmpty() ? "" : ": " + m);
        }
        return sb.toString();
    }

    /** {@code thrown} without the asynchronous wrappers around it. */
    public static Throwable unwrap(Throwable thrown) {
        Throwable root = thrown;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static String fold(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
