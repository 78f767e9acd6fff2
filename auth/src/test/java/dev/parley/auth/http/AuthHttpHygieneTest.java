package dev.parley.auth.http;

import dev.parley.testkit.http.LogCapture;
import dev.parley.testkit.http.HttpChecks;
import dev.parley.testkit.http.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.http.RawConnection.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 7 against the auth service's server, byte by byte: request framing (smuggling),
 * slow and silent connections, log amplification, and the contract's error JSON from the server
 * layer. Auth has no WebSocket: an upgrade request is plain HTTP there.
 */
class AuthHttpHygieneTest {
    private static final String LOGIN = "{\"username\":\"nobody\",\"password\":\"whatever1\"}";
    private static AuthServerUnderTest auth;

    @BeforeAll
    static void start() {
        auth = new AuthServerUnderTest();
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void transferEncodingWithContentLengthIsRefusedAndNothingIsSmuggled() throws Exception {
        HttpChecks.assertAmbiguousLengthRefused(AuthHttpHygieneTest::connect, "/v1/auth/login",
                "Content-Length: 5\r\nTransfer-Encoding: chunked",
                "0\r\n\r\nGET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    @Test
    void transferEncodingOtherThanChunkedIsRefused() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n"
                    + "0\r\n\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(c.response().status()).isIn(400, 501);
            assertThat(c.rest()).isEmpty();
        }
    }

    @Test
    void twoDifferentContentLengthsAreRefused() throws Exception {
        HttpChecks.assertAmbiguousLengthRefused(AuthHttpHygieneTest::connect, "/v1/auth/login",
                "Content-Length: " + LOGIN.length() + "\r\nContent-Length: 20", LOGIN);
    }

    @Test
    void signedContentLengthIsRefused() throws Exception {
        HttpChecks.assertAmbiguousLengthRefused(AuthHttpHygieneTest::connect, "/v1/auth/login",
                "Content-Length: +" + LOGIN.length(), LOGIN);
    }

    /** The documented header timeout is 10 s: 15 s leaves room for a loaded machine. */
    @Test
    void halfOpenRequestsAndSilentConnectionsAreClosed() throws Exception {
        HttpChecks.assertHalfOpenAndSilentConnectionsClosed(AuthHttpHygieneTest::connect, 200, Duration.ofSeconds(15));
    }

    @Test
    void abandonedRequestsLogNoStackTraces() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                try (RawConnection c = connect()) {
                    c.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: 1\r\n");
                }
                try (RawConnection c = connect()) {
                    c.send("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"user");
                }
            }
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
            String big = "{\"username\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"whatever1\"}";
            c.send("POST /v1/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + big.length() + "\r\n\r\n" + big);
            HttpChecks.assertInvalidRequest(c.response(), 413);
        }
    }

    private static RawConnection connect() throws IOException {
        return new RawConnection(auth.port());
    }
}
