package dev.parley.infra.internal;

import dev.parley.infra.InfraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion (format, initdb, pg_ctl, psql) with its output appended to a log. */
public final class Exec {
    private Exec() {
    }

    /** @throws InfraException when it cannot start, fails or outlives {@code timeout} */
    public static void run(String displayName, List<String> command, LogFile log, Duration timeout) {
        run(displayName, command, log.path().getParent(), log, timeout);
    }

    /** As {@link #run(String, List, LogFile, Duration)} in the working directory {@code workDir}. */
    public static void run(String displayName, List<String> command, Path workDir, LogFile log, Duration timeout) {
        log.markEnd();
        String what = displayName + ": " + Path.of(command.get(0)).getFileName();
        try {
            Files.createDirectories(log.path().getParent());
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.path().toFile()))
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new InfraException(what + " did not finish within " + timeout.toSeconds()
                        + " s (see " + log.path() + ")");
            }
            if (p.exitValue() != 0) {
                String problem = log.lastProblem();
                throw new InfraException(what + " failed with status " + p.exitValue() + " (see " + log.path() + ")"
                        + (problem.isEmpty() ? "" : ": " + problem));
            }
        } catch (IOException e) {
            throw new InfraException("cannot run " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException(what + " was interrupted");
        }
    }
}
