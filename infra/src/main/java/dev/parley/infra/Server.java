package dev.parley.infra;

/**
 * A real server run as a child process on loopback (127.0.0.1).
 *
 * <p>Implementations write the server's output to a log file in their data directory and report
 * every failure as an {@link InfraException} whose message is one line naming that log file.
 * A server started once and stopped can be started again on the same data directory: it keeps
 * its data (Kafka is formatted and PostgreSQL initialised only the first time).
 */
public interface Server extends AutoCloseable {
    /** A short human name used in messages and log file names, e.g. {@code kafka}. */
    String name();

    /**
     * Starts the server and blocks until it is ready to serve clients. Does nothing when it is
     * already running.
     *
     * @throws InfraException with a one-line reason (binary missing, port taken, died or not
     *                        ready in time) that names the server's log file
     */
    void start();

    /** Whether the server's process is alive (it may still be starting). */
    boolean isRunning();

    /** Stops gracefully (SIGTERM or the server's own fast shutdown), forcibly after a timeout. Idempotent. */
    void stop();

    /** What its running process does with its {@link AotCache} ({@code OFF} while none runs, or for a server without one). */
    default AotCache.Use aotUse() {
        return AotCache.Use.OFF;
    }

    @Override
    default void close() {
        stop();
    }
}
