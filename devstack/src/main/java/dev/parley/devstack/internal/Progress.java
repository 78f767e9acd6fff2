package dev.parley.devstack.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;

/** The aligned progress lines of the launcher: {@code   kafka      127.0.0.1:19092   ready in 4.1 s}. */
public final class Progress {
    private final PrintStream out;
    private final InstantSource clock;

    public Progress(PrintStream out, InstantSource clock) {
        this.out = out;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Prints that {@code what} at {@code where} became ready, with the time since {@code since}. */
    public void done(String what, String where, String verb, Instant since) {
        done(what, where, verb, since, "");
    }

    /** As {@link #done(String, String, String, Instant)}, with {@code suffix} appended to the line. */
    public void done(String what, String where, String verb, Instant since, String suffix) {
        out.println(line(what, where, verb, Duration.between(since, clock.instant())) + suffix);
    }

    public void note(String text) {
        out.println(text);
    }

    static String line(String what, String where, String verb, Duration took) {
        return String.format(Locale.ROOT, "  %-10s %-17s %s in %.1f s", what, where, verb, took.toMillis() / 1000.0);
    }
}
