package dev.parley.infra.internal;

import dev.parley.infra.InfraException;
import dev.parley.infra.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A long-running server process whose output is appended to its log file. */
public final class ChildProcess {
    private final String displayName;
    private final Process process;
    private final LogFile log;

    private ChildProcess(String displayName, Process process, LogFile log) {
        this.displayName = displayName;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir}, stdout and stderr appended to the log. */
    public static ChildProcess launch(String displayName, List<String> command, Path workDir, LogFile log,
                                      Map<String, String> env) {
        return launch(displayName, command, workDir, log, env, Duration.ZERO);
    }

    /** As above, the child's timed sleeps ending up to {@code timerSlack} late ({@link TimerSlack}). */
    public static ChildProcess launch(String displayName, List<String> command, Path workDir, LogFile log,
                                      Map<String, String> env, Duration timerSlack) {
        log.markEnd();
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.path().toFile()));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(log.path().getParent());
            Process p = TimerSlack.start(pb, timerSlack);
            p.getOutputStream().close();
            return new ChildProcess(displayName, p, log);
        } catch (IOException e) {
            throw new InfraException("cannot start " + displayName + " (" + command.get(0) + "): " + e.getMessage());
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Blocks until {@code port} accepts connections and one of {@code markers} is in the log.
     * On failure the process is stopped and an {@link InfraException} names the log.
     */
    public void awaitReady(int port, List<String> markers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new InfraException(displayName + " exited with status " + process.exitValue()
                        + " during start-up (see " + log.path() + ")" + detail());
            }
            if (Ports.isListening(port) && log.containsAny(markers)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                String detail = detail();
                stop(Duration.ofSeconds(10));
                throw new InfraException(displayName + " was not ready on port " + port + " within "
                        + timeout.toSeconds() + " s (see " + log.path() + ")" + detail);
            }
            Pids.sleep(200);
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; waits until the process is gone. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String detail() {
        String p = log.lastProblem();
        return p.isEmpty() ? "" : ": " + p;
    }
}
