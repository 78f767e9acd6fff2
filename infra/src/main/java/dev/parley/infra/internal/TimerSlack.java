package dev.parley.infra.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a child process with a Linux timer slack: how much later than asked the kernel may end
 * the child's timed sleeps, so that it can wake several together. A child inherits the slack of the
 * thread that forked it and keeps it across {@code exec}, and every thread it starts inherits it in
 * turn; so the fork happens on a thread of its own, whose slack is set through
 * {@code /proc/<tid>/timerslack_ns} (the kernel lets a thread set its own; only tried here as root) and which ends
 * with it, leaving every other thread of this JVM at the default (50 µs).
 *
 * <p>Where that file is missing (not Linux, or a kernel before 4.6) or cannot be written, the child
 * starts with the default slack: it only costs more CPU.
 */
public final class TimerSlack {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private TimerSlack() {
    }

    /** {@code pb.start()} with {@code slack} for the child; zero: the default. */
    public static Process start(ProcessBuilder pb, Duration slack) throws IOException {
        if (slack.isZero() || !Files.exists(THREAD_SELF)) {
            return pb.start();
        }
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread forker = new Thread(() -> {
            trySet(slack);
            try {
                started.set(pb.start());
            } catch (IOException e) {
                failed.set(e);
            }
        }, "timer-slack-fork");
        forker.start();
        try {
            forker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + pb.command().getFirst(), e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return started.get();
    }

    /** The calling thread's slack in nanoseconds, or -1 where it cannot be read. */
    public static long current() {
        try {
            return Long.parseLong(Files.readString(selfFile()).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void trySet(Duration slack) {
        try {
            Files.writeString(selfFile(), Long.toString(slack.toNanos()));
        } catch (IOException | RuntimeException e) {
            // The default slack: the child costs more CPU, nothing else.
        }
    }

    /** {@code /proc/<tid>/timerslack_ns}: the kernel keeps the file per task, and lists only the process's own. */
    private static Path selfFile() throws IOException {
        String link = Files.readSymbolicLink(THREAD_SELF).toString();
        return Path.of("/proc", link.substring(link.lastIndexOf('/') + 1), "timerslack_ns");
    }
}
