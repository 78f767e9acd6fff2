package dev.parley.common.service;

import dev.parley.common.text.Exceptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/**
 * The start-up protocol every Parley service speaks to whoever launched it (the local stack, a
 * process supervisor, an operator): exactly one line on stdout, {@code READY <service> key=value ...},
 * once the service is fully up; or exactly one line on stderr, {@code FATAL <service>: <reason>}, and
 * exit status 2 when it cannot start. No stack trace reaches the launcher's reader.
 */
public final class ServiceProcess {
    /** Exit status of a service that could not start (bad configuration, unreachable dependency). */
    public static final int EXIT_CANNOT_START = 2;

    private ServiceProcess() {
    }

    /**
     * Loads {@code /logging.properties} from the service's classpath into java.util.logging, unless
     * the operator named a file with {@code -Djava.util.logging.config.file}.
     */
    public static void loadLogging(Class<?> anchor) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = anchor.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("cannot load logging.properties: " + e.getMessage());
        }
    }

    /** Prints the READY line, e.g. {@code ready("edge", "http=127.0.0.1:8080 node=edge-1")}. */
    public static void ready(String service, String details) {
        System.out.println("READY " + service + (details.isEmpty() ? "" : " " + details));
        System.out.flush();
    }

    /** Prints the FATAL line (folded to one line) and exits with {@link #EXIT_CANNOT_START}. */
    public static void fatal(String service, String reason) {
        System.err.println("FATAL " + service + ": " + oneLine(reason));
        System.err.flush();
        System.exit(EXIT_CANNOT_START);
    }

    /** {@link #fatal(String, String)} for a failure: {@code what} it was doing, then the exception in one line ({@link Exceptions#oneLine}). */
    public static void fatal(String service, String what, Throwable failure) {
        fatal(service, what + ": " + Exceptions.oneLine(failure));
    }

    /** Folds a multi-line text (e.g. a ConfigException listing every problem) into one line. */
    public static String oneLine(String text) {
        return String.valueOf(text).replaceAll(":\\s*\\R\\s*", ": ").replaceAll("\\s*\\R\\s*", "; ").trim();
    }
}
