package dev.parley.infra.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Liveness and termination by pid. Zombies count as gone: this sandbox's init does not reap
 * re-parented children (PostgreSQL's postmaster is one), and a zombie holds no port or file.
 */
public final class Pids {
    private Pids() {
    }

    public static boolean alive(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            return close < 0 || close + 2 >= s.length() || s.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return !Files.isDirectory(Path.of("/proc")); // no procfs: trust ProcessHandle
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait a little more. Returns whether it is gone. */
    public static boolean terminate(long pid, Duration grace) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (awaitGone(pid, grace)) {
            return true;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return awaitGone(pid, Duration.ofSeconds(10));
    }

    /** Polls until the process is gone or the timeout passes. */
    public static boolean awaitGone(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
