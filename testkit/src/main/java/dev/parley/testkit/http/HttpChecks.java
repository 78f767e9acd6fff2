package dev.parley.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.http.RawConnection.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP hygiene checks that hold for every Parley server (issue 9, item 7), written once for
 * the edge's and auth's tests and the black-box IT of the running stack.
 */
public final class HttpChecks {
    /** How the contract's 400 body starts. */
    public static final String INVALID_REQUEST = "{\"error\":{\"code\":\"invalid_request\"";

    /** Opens a new raw connection to the server under test. */
    @FunctionalInterface
    public interface Connector {
        RawConnection connect() throws IOException;
    }

    private HttpChecks() {
    }

    /** The contract's error JSON with {@code invalid_request}, at {@code status}. */
    public static void assertInvalidRequest(Response r, int status) {
        assertThat(r).as("a response").isNotNull();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).startsWith(INVALID_REQUEST).contains("\"message\":\"");
    }

    /**
     * A request whose length is ambiguous ({@code lengthHeaders}: two {@code Content-Length}s, a
     * signed one, one beside {@code Transfer-Encoding}) is answered 400 with the error JSON, the
     * connection is closed, and nothing sent after it (a would-be smuggled request) is served.
     */
    public static void assertAmbiguousLengthRefused(Connector server, String postPath, String lengthHeaders,
                                                    String bodyAndMore) throws IOException {
        try (RawConnection c = server.connect()) {
            c.send("POST " + postPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + lengthHeaders + "\r\n\r\n" + bodyAndMore);
            assertInvalidRequest(c.response(), 400);
            c.readTimeout(10_000);
            assertThat(new String(c.rest(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("a second, smuggled response").isEmpty();
            c.readTimeout(100);
            assertThat(c.closedByServer()).as("the connection is closed").isTrue();
        }
    }

    /** Whether the server still holds {@code c} open; {@code trickle} sends one more header line first, as slowloris does. */
    public static boolean stillOpen(RawConnection c, boolean trickle) {
        try {
            if (trickle) {
                c.send("X-Slow: " + System.nanoTime() + "\r\n");
            }
            c.readTimeout(1);
            return !c.closedByServer();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code halfOpen} connections that trickle header lines and one that sends nothing are all
     * closed by the server within {@code within} (the documented header deadline is 10 s).
     */
    public static void assertHalfOpenAndSilentConnectionsClosed(Connector server, int halfOpen, Duration within)
            throws IOException {
        List<RawConnection> slow = new ArrayList<>();
        try (RawConnection silent = server.connect()) {
            for (int i = 0; i < halfOpen; i++) {
                slow.add(server.connect().send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
            }
            await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
                for (RawConnection c : slow) {
                    if (stillOpen(c, true)) {
                        return false;
                    }
                }
                return !stillOpen(silent, false);
            });
        } finally {
            for (RawConnection c : slow) {
                c.close();
            }
        }
    }
}
