package dev.parley.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The HTTP hygiene every Parley server owes, byte by byte (issue 9 item 7): request framing
 * (smuggling), slow and silent connections, log amplification, and the contract's error JSON from
 * the server layer. A service's test extends this and names its port and one POST route that
 * reads a body; it adds what only that service has (the edge's WebSocket checks).
 */
public abstract class HttpHygieneContract {

    /** The port of the server under test, started by the subclass. */
    protected abstract int port();

    /** A route that takes a POST body, e.g. {@code /v1/auth/login}. */
    protected abstract String postPath();

    /** A body {@link #postPath()} may receive. */
    protected abstract String sampleBody();

    /** A GET path a smuggled second request would ask for. */
    protected abstract String smuggledPath();

    /** A whole request whose body is over the server's limit: it must be answered 413. */
    protected abstract String tooLargeRequest();

    protected final RawConnection connect() throws IOException {
        return new RawConnection(port());
    }

    @Test
    void transferEncodingWithContentLengthIsRefusedAndNothingIsSmuggled() throws Exception {
        HttpChecks.assertAmbiguousLengthRefused(this::connect, postPath(),
                "Content-Length: 5\r\nTransfer-Encoding: chunked",
                "0\r\n\r\nGET " + smuggledPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    @Test
    void transferEncodingOtherThanChunkedIsRefused() throws Exception {
        for (String encoding : new String[] {"chunked, identity", "Chunked"}) {
            try (RawConnection c = connect()) {
                c.send("POST " + postPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: " + encoding + "\r\n\r\n"
                        + "0\r\n\r\nGET " + smuggledPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(c.response().status()).as(encoding).isIn(400, 501);
                assertThat(c.rest()).as("nothing answered after the refusal").isEmpty();
            }
        }
    }

    @Test
    void twoDifferentContentLengthsAreRefused() throws Exception {
        HttpChecks.assertAmbiguousLengthRefused(this::connect, postPath(),
                "Content-Length: " + sampleBody().length() + "\r\nContent-Length: 20", sampleBody());
    }

    @Test
    void signedContentLengthIsRefused() throws Exception {
        HttpChecks.assertAmbiguousLengthRefused(this::connect, postPath(),
                "Content-Length: +" + sampleBody().length(), sampleBody());
    }

    /** The documented header timeout is 10 s: 15 s leaves room for a loaded machine. */
    @Test
    void halfOpenRequestsAndSilentConnectionsAreClosed() throws Exception {
        HttpChecks.assertHalfOpenAndSilentConnectionsClosed(this::connect, 200, Duration.ofSeconds(15));
    }

    @Test
    void abandonedRequestsLogNoStackTraces() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                try (RawConnection c = connect()) {
                    c.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: 1\r\n");
                }
                try (RawConnection c = connect()) {
                    c.send("POST " + postPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n" + sampleBody().substring(0, 3));
                }
            }
            // the server is still serving, and by now has handled every abandoned connection above
            try (RawConnection c = connect()) {
                assertThat(c.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").response().status()).isEqualTo(200);
            }
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(logs.warnings()).isEmpty());
        }
    }

    @Test
    void serverLayerErrorsAnswerTheContractJson() throws Exception {
        try (RawConnection c = connect()) {
            HttpChecks.assertInvalidRequest(c.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n").response(), 400);
        }
        try (RawConnection c = connect()) {
            HttpChecks.assertInvalidRequest(c.send("GET /he\u0001alth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").response(), 400);
        }
        try (RawConnection c = connect()) {
            HttpChecks.assertInvalidRequest(c.send("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").response(), 414);
        }
        try (RawConnection c = connect()) {
            HttpChecks.assertInvalidRequest(c.send(tooLargeRequest()).response(), 413);
        }
    }
}
