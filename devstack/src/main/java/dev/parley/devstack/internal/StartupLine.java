package dev.parley.devstack.internal;

/**
 * The start-up protocol of Parley's services: one {@code READY <service> key=value ...} line on
 * stdout when fully up, or one {@code FATAL <service>: <reason>} line on stderr before exiting 2.
 */
enum StartupLine {
    READY, FATAL,
    /** An uncaught exception ended the main thread: the JVM may live on (non-daemon threads) but will never be ready. */
    CRASH,
    OTHER;

    /**
     * What a line of a service's log says. Any READY line counts: each log file holds one
     * service's output only, and the service may name itself differently from the stack
     * ({@code topology} vs {@code streams-topology}).
     */
    static StartupLine of(String line) {
        if (line.equals("READY") || line.startsWith("READY ")) {
            return READY;
        }
        if (line.startsWith("FATAL ")) {
            return FATAL;
        }
        if (line.startsWith("Exception in thread \"main\" ")) {
            return CRASH;
        }
        return OTHER;
    }

    /** The {@code observe=host:port} of a READY line as {@code http://host:port}, or null. */
    static java.net.URI observeUrl(String readyLine) {
        for (String token : readyLine.split("\\s+")) {
            if (token.startsWith("observe=") && token.length() > "observe=".length()) {
                try {
                    return java.net.URI.create("http://" + token.substring("observe=".length()));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
