package dev.parley.devstack;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.devstack.internal.Prometheus;
import dev.parley.devstack.internal.Summary;
import dev.parley.infra.InfraException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
            case "up" -> {
                boolean observe;
                try {
                    observe = observe(args);
                } catch (IllegalArgumentException e) {
                    System.err.println("parley: " + e.getMessage());
                    System.exit(1);
                    return;
                }
                System.exit(up(home(), observe, System.out, System.err));
            }
            case "help", "-h", "--help" -> usage(System.out);
            default -> {
                System.err.println("parley: unknown command '" + command + "' (try: up)");
                System.exit(1);
            }
        }
    }

    /** {@code up --observe}: Prometheus too. */
    static boolean observe(String[] args) {
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--observe")) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "' (up takes --observe)");
            }
        }
        return args.length > 1;
    }

    /** Returns only on failure (status 1); on success it blocks until the JVM shuts down. */
    static int up(Path home, boolean observe, PrintStream out, PrintStream err) {
        LocalStack stack;
        Prometheus prometheus = null;
        try {
            Settings settings = Settings.fromEnvironment();
            StackConfig config = StackConfig.from(home, settings);
            Duration warmUp = StackWarmUp.maxFrom(settings);
            settings.validate();
            stack = LocalStack.start(config, out);
            warmUp(stack, warmUp, out);
            if (observe) {
                try {
                    prometheus = Prometheus.start(config.dataDir(), config.logsDir().resolve("prometheus.log"),
                            targets(stack));
                } catch (InfraException e) {
                    stack.close();
                    throw e;
                }
            }
        } catch (InfraException | ConfigException e) {
            err.println("parley: " + oneLine(e.getMessage()));
            return 1;
        } catch (RuntimeException e) {
            err.println("parley: unexpected failure: " + oneLine(String.valueOf(e)));
            return 1;
        }
        Prometheus scraper = prometheus;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping...");
            if (scraper != null) {
                scraper.close();
            }
            stack.close();
            out.println("stopped");
        }, "parley-up-shutdown"));
        out.println();
        out.print(Summary.of(stack, scraper == null ? null : scraper.url()));
        out.println();
        out.println("try: open the web chat URL in a browser, or see README 'Talk to it by hand'. Ctrl-C stops everything.");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Drives traffic through the started stack until its latency settles, so that the first clients
     * after "ready" do not meet JVMs that are still compiling (StackWarmUp). A failed warm-up leaves
     * a cold stack, not a broken one: it is reported and the stack comes up anyway.
     */
    static void warmUp(LocalStack stack, Duration max, PrintStream out) {
        if (max.isZero()) {
            return;
        }
        out.printf("  warm-up    traffic through the stack until its latency settles (at most %d s; devstack.warm-up)%n",
                max.toSeconds());
        long t0 = System.nanoTime();
        try {
            StackWarmUp.Outcome o = StackWarmUp.run(stack, max, out);
            out.printf("  warm-up    %s in %.1f s: %,d messages sent, %,d delivered, p99 of the last %d s %.0f ms%n",
                    o.settled() ? "settled" : "stopped unsettled", (System.nanoTime() - t0) / 1e9, o.sent(), o.delivered(),
                    StackWarmUp.WINDOW_SECONDS, o.lastP99Ms());
        } catch (IOException | RuntimeException e) {
            out.println("  warm-up    failed, the stack starts cold: " + oneLine(String.valueOf(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> targets(LocalStack stack) {
        Map<String, String> targets = new LinkedHashMap<>();
        stack.serviceNames().forEach(name -> targets.put(name, stack.observeUrl(name).getAuthority()));
        return targets;
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
        out.println("usage: java -Dparley.home=<checkout> -jar parley-devstack.jar up [--observe]");
        out.println("  up    start Kafka, Cassandra, Redis, PostgreSQL and Parley's services on 127.0.0.1;");
        out.println("        Ctrl-C stops them. Settings: devstack/CONFIG.md");
        out.println("  --observe  also Prometheus (Debian's /usr/bin/prometheus), scraping every service");
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
