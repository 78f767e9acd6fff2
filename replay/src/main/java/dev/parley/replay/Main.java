package dev.parley.replay;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.service.ServiceProcess;
import dev.parley.replay.internal.Hooks;
import dev.parley.replay.internal.Replay;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code parley replay}: rebuild the stores from the log, verify them, reprocess the topology side
 * by side, and rebuild the topology's local state (replay/CONFIG.md, docs/operations.md). Exit
 * status: 0 done and equal, 1 differences or divergences found, 2 failed (one line
 * {@code FATAL replay: reason} on stderr), 3 stopped before the end (run it again to resume).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceProcess.loadLogging(Main.class);
        System.exit(run(args, Settings.fromEnvironment(), System.out, System.err, Hooks.jvm(), Clock.systemUTC()));
    }

    /** Runs one command; returns the exit status. Tests call this with their own streams and {@link Hooks#NONE}. */
    public static int run(String[] args, Settings settings, PrintStream out, PrintStream err, Hooks hooks, Clock clock) {
        try {
            return new Replay(settings, out, hooks, clock).run(args);
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            err.println("FATAL replay: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("FATAL replay: interrupted");
            return 2;
        } catch (RuntimeException e) {
            err.println("FATAL replay: " + (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' '));
            return 2;
        }
    }
}
