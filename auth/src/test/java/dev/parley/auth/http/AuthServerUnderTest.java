package dev.parley.auth.http;

import dev.parley.auth.Main;
import dev.parley.auth.TestServices;
import dev.parley.common.http.HttpHardening;
import io.helidon.webserver.WebServer;

/**
 * The auth service's web server over in-memory stores: the same builder chain as
 * {@code Main.setup} (listener, {@link Main#routing}, {@link HttpHardening#apply}), without the
 * PostgreSQL, Redis and Kafka that {@code Main.setup} connects first.
 */
final class AuthServerUnderTest implements AutoCloseable {
    final TestServices stores;
    final WebServer server;

    AuthServerUnderTest() {
        this(new TestServices());
    }

    AuthServerUnderTest(TestServices stores) {
        this.stores = stores;
        this.server = HttpHardening.apply(WebServer.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .shutdownHook(false)
                        .routing(r -> Main.routing(r, stores.services)))
                .build()
                .start();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
