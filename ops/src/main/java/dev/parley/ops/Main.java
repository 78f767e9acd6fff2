package dev.parley.ops;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.service.ServiceProcess;
import dev.parley.ops.internal.CliCommand;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * The {@code ops} command line: {@code topics apply} and {@code cql apply} (see ops/CONFIG.md).
 * Prints what changed to stdout; on failure ONE line {@code FATAL ops: reason} to stderr, exit 2.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceProcess.loadLogging(Main.class);
        System.exit(run(args, Settings.fromEnvironment(), System.out, System.err));
    }

    /** Runs one command; returns the exit status (0 done, 2 failed). */
    public static int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
        try {
            CliCommand command = CliCommand.parse(Arrays.asList(args), settings);
            settings.validate();
            switch (command) {
                case CliCommand.Help h -> out.println(CliCommand.USAGE);
                case CliCommand.TopicsApply t -> {
                    if (!Files.isRegularFile(t.file())) {
                        throw new OpsException("topics file " + t.file().toAbsolutePath() + " not found (--file)");
                    }
                    out.println(Ops.applyTopics(t.bootstrap(), t.security(), t.file(), t.replicationFactor(), t.minInsyncReplicas()));
                    out.println("DONE ops topics apply bootstrap=" + t.bootstrap());
                }
                case CliCommand.CqlApply c -> {
                    Ops.applyCqlSchema(c.contactPoints(), c.connection(), c.datacenter(), c.keyspace(), c.replication());
                    out.println("DONE ops cql apply contact-point=" + c.contactPoints() + " keyspace=" + c.keyspace());
                }
            }
            return 0;
        } catch (OpsException | ConfigException e) {
            err.println("FATAL ops: " + e.getMessage().replace('\n', ' '));
            return 2;
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            err.println("FATAL ops: " + reason.replace('\n', ' '));
            return 2;
        }
    }
}
