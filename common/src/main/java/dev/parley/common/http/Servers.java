package dev.parley.common.http;

import io.helidon.webserver.WebServer;

/** Starting a Parley web server so that a server that could not listen is never taken for a running one. */
public final class Servers {
    private Servers() {
    }

    /**
     * Starts {@code server} and returns it, or throws when it did not come up. Helidon logs a
     * listener that cannot bind (its port taken) and returns a server that is not running, with port
     * -1, instead of throwing: an edge so reported itself ready with {@code http=127.0.0.1:-1}, and
     * its clients got connections closed without an answer, until something else noticed.
     *
     * @param what the server, for the message (e.g. {@code "edge http"})
     * @throws IllegalStateException when the server is not running after its start
     */
    public static WebServer start(WebServer server, String what) {
        server.start();
        if (!server.isRunning() || server.port() < 1) {
            server.stop();
            throw new IllegalStateException(what + " did not start listening (its port taken? the log above says why)");
        }
        return server;
    }
}
