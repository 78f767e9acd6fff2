package dev.parley.replay.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * How a long command shows its progress: records done of a known total, per input (a topic).
 * A person at a terminal gets progress bars ({@link TerminalProgress}); anything else (a pipe, a
 * log collector, a CI job) gets one JSON object per line ({@link JsonProgress}).
 */
public interface ProgressView extends AutoCloseable {

    /** @param totals records to go per input, in the order to show them */
    void start(String task, Map<String, Long> totals);

    /** Records done so far per input (inputs not named keep their last value). */
    void update(Map<String, Long> done);

    /** Shows the final state. */
    @Override
    void close();

    /** {@code bar}, {@code json}, or {@code auto}: bars when stdout is a terminal. */
    static ProgressView choose(String mode, PrintStream out, Clock clock) {
        boolean terminal = switch (mode) {
            case "bar" -> true;
            case "json" -> false;
            default -> isTerminal(System.console());
        };
        return terminal ? new TerminalProgress(out) : new JsonProgress(out, clock);
    }

    /**
     * Up to Java 21 a console exists only on a terminal; from 22 it may exist on a pipe too, and
     * {@code Console.isTerminal()} (not in the 21 API this module compiles against) tells them apart.
     */
    private static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
