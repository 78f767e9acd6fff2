package dev.parley.edge.http;

import dev.parley.testkit.http.HttpHygieneContract;
import dev.parley.testkit.http.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.http.RawConnection.Frame;
import dev.parley.testkit.http.RawConnection.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP hygiene contract against the edge's real server, and what only the edge has: which
 * requests may upgrade, and WebSocket protocol errors byte by byte (RFC 6455 close codes).
 */
class EdgeHttpHygieneTest extends HttpHygieneContract {
    private static EdgeUnderTest edge;

    @BeforeAll
    static void start() {
        edge = new EdgeUnderTest();
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Override
    protected int port() {
        return edge.port();
    }

    @Override
    protected String postPath() {
        return "/health";
    }

    @Override
    protected String sampleBody() {
        return "hello";
    }

    @Override
    protected String smuggledPath() {
        return "/v1/presence?userIds=smuggled";
    }

    @Override
    protected String tooLargeRequest() {
        return "POST /v1/conversations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n";
    }

    @Test
    void onlyGetOnTheExactPathUpgrades() throws Exception {
        try (RawConnection c = connect()) {
            assertThat(c.send(upgrade("POST", "/ws")).response().status()).isNotEqualTo(101).isBetween(400, 499);
        }
        try (RawConnection c = connect()) {
            assertThat(c.send(upgrade("GET", "//ws")).response().status()).isNotEqualTo(101).isBetween(400, 499);
        }
        try (RawConnection c = connect()) {
            assertThat(c.send(upgrade("GET", "/./ws")).response().status()).isNotEqualTo(101).isBetween(400, 499);
        }
        try (RawConnection c = openWebSocket()) {
            c.send(RawConnection.frame(0x81, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.frame().text()).contains("\"pong\"");
        }
    }

    @Test
    void unknownOpcodeIsClosedWith1002AndNoHttpIsWrittenIntoTheSocket() throws Exception {
        try (RawConnection c = openWebSocket()) {
            c.send(RawConnection.frame(0x83, "x".getBytes(StandardCharsets.UTF_8)));
            assertClose(c, 1002);
        }
    }

    @Test
    void reservedBitsAreClosedWith1002() throws Exception {
        try (RawConnection c = openWebSocket()) {
            c.send(RawConnection.frame(0xC1, "{}".getBytes(StandardCharsets.UTF_8)));
            assertClose(c, 1002);
        }
    }

    @Test
    void invalidUtf8InATextFrameIsClosedWith1007() throws Exception {
        try (RawConnection c = openWebSocket()) {
            c.send(RawConnection.frame(0x81, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
            assertClose(c, 1007);
        }
        try (RawConnection c = openWebSocket()) { // an encoded surrogate (CESU) is not UTF-8 either
            c.send(RawConnection.frame(0x81, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
            assertClose(c, 1007);
        }
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIsClosedWith1007() throws Exception {
        try (RawConnection c = openWebSocket()) {
            c.send(RawConnection.frame(0x01, new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
            c.send(RawConnection.frame(0x80, new byte[] {(byte) 0x28, 'b'}));
            assertClose(c, 1007);
        }
        try (RawConnection c = openWebSocket()) { // a valid sequence split across fragments is fine
            c.send(RawConnection.frame(0x01, new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xE2, (byte) 0x82}));
            c.send(RawConnection.frame(0x80, new byte[] {(byte) 0xAC, '"', '}'}));
            Frame f = c.frame();
            assertThat(f.opcode()).isEqualTo(1);
            assertThat(f.text()).contains("bad_request");
        }
    }

    @Test
    void oneByteClosePayloadIsClosedWith1002WithoutInternals() throws Exception {
        try (RawConnection c = openWebSocket()) {
            c.send(RawConnection.frame(0x88, new byte[] {0x03}));
            Frame close = assertClose(c, 1002);
            assertThat(close.text()).doesNotContainIgnoringCase("exception").doesNotContain("java.");
        }
    }

    @Test
    void invalidCloseCodeIsClosedWith1002() throws Exception {
        try (RawConnection c = openWebSocket()) {
            c.send(RawConnection.frame(0x88, new byte[] {0x03, (byte) 0xED})); // 1005 may never be sent
            assertClose(c, 1002);
        }
    }

    @Test
    void framesSplitAndPipelinedStillWork() throws Exception {
        try (RawConnection c = connect()) {
            byte[] ping = RawConnection.frame(0x81, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            c.send(upgrade("GET", "/ws") + new String(ping, StandardCharsets.ISO_8859_1));
            assertThat(c.response().status()).isEqualTo(101);
            List<String> texts = new ArrayList<>(List.of(c.frame().text(), c.frame().text()));
            assertThat(texts).anyMatch(t -> t.contains("\"ready\"")).anyMatch(t -> t.contains("\"pong\""));
            for (byte b : ping) { // one byte per TCP write
                c.send(new byte[] {b});
            }
            assertThat(c.frame().text()).contains("\"pong\"");
            c.send(RawConnection.frame(0x88, new byte[] {0x03, (byte) 0xE8}));
            assertClose(c, 1000);
        }
    }

    private static Frame assertClose(RawConnection c, int code) throws IOException {
        Frame f = c.frame();
        while (f != null && f.opcode() != 8) {
            f = c.frame();
        }
        assertThat(f).as("a close frame").isNotNull();
        assertThat(f.closeCode()).as("close code, reason '%s'", f.payload().length > 2 ? new String(f.payload(), 2,
                f.payload().length - 2, StandardCharsets.UTF_8) : "").isEqualTo(code);
        assertThat(new String(c.rest(), StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
        return f;
    }

    private RawConnection openWebSocket() throws IOException {
        RawConnection c = connect();
        Response r = c.send(upgrade("GET", "/ws")).response();
        assertThat(r.status()).isEqualTo(101);
        assertThat(c.frame().text()).contains("\"ready\"");
        return c;
    }

    private static String upgrade(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + edge.port() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + edge.token("alice") + "\r\n\r\n";
    }
}
