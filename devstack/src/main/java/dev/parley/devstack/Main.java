package dev.parley.devstack;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.devstack.internal.Summary;
import dev.parley.infra.InfraException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * {@code parley-devstack up}: starts the local stack, prints where everything is, and runs until
 * Ctrl-C or SIGTERM, which stop it cleanly. Started by {@code ./parley up} at the root of the checkout.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        loadLogging();
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "up" -> System.exit(up(home(), System.out, System.err));
            case "help", "-h", "--help" -> usage(System.out);
            default -> {
                System.err.println("parley: unknown command '" + command + "' (try: up)");
                System.exit(1);
            }
        }
    }

    /** Returns only on failure (status 1); on success it blocks until the JVM shuts down. */
    static int up(Path home, PrintStream out, PrintStream err) {
        LocalStack stack;
        try {
            Settings settings = Settings.fromEnvironment();
            StackConfig config = StackConfig.from(home, settings);
            settings.validate();
            stack = LocalStack.start(config, out);
        } catch (InfraException | ConfigException e) {
            err.println("parley: " + oneLine(e.getMessage()));
            return 1;
        } catch (RuntimeException e) {
            err.println("parley: unexpected failure: " + oneLine(String.valueOf(e)));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping...");
            stack.close();
            out.println("stopped");
        }, "parley-up-shutdown"));
        out.println();
        out.print(Summary.of(stack));
        out.println();
        out.println("try: see README 'Talk to it by hand'. Ctrl-C stops everything.");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A multi-line message (a ConfigException lists one problem per line) as one line. */
    static String oneLine(String message) {
        if (message == null) {
            return "failed";
        }
        return message.strip().replaceAll(":\\s*\\n\\s*", ": ").replaceAll("\\s*\\n\\s*", "; ");
    }

    private static Path home() {
        String h = System.getProperty("parley.home");
        return Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -Dparley.home=<checkout> -jar parley-devstack.jar up");
        out.println("  up    start Kafka, Cassandra, Redis, PostgreSQL and Parley's services on 127.0.0.1;");
        out.println("        Ctrl-C stops them. Settings: devstack/CONFIG.md");
    }

    private static void loadLogging() {
        try (InputStream in = Main.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("parley: cannot load logging.properties: " + e.getMessage());
        }
    }
}
