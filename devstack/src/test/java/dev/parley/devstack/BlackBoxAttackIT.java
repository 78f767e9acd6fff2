package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import dev.parley.testkit.http.HttpChecks;
import dev.parley.testkit.http.RawConnection;
import dev.parley.testkit.http.RawConnection.Frame;
import dev.parley.testkit.http.RawConnection.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's black-box attack, replayed against the running processes of the local stack (auth and
 * edge exactly as {@code ./parley up} starts them): the behaviours the attack found must all be
 * gone. The module tests prove each fix in depth; this proves every fix is wired into the real
 * services.
 */
class BlackBoxAttackIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        client = SharedStack.client();
    }

    private static List<Integer> ports() {
        return List.of(stack.authUrl().getPort(), stack.edgeHttpUrl().getPort());
    }

    @Test
    void requestSmugglingAndAmbiguousLengthsAreRefusedByBothServers() throws IOException {
        for (int port : ports()) {
            try (RawConnection c = new RawConnection(port)) {
                c.send("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                HttpChecks.assertInvalidRequest(c.response(), 400);
                assertThat(new String(c.rest(), StandardCharsets.ISO_8859_1)).as("smuggled second response").isEmpty();
            }
            for (String lengths : List.of("Content-Length: 2\r\nContent-Length: 20", "Content-Length: +2")) {
                try (RawConnection c = new RawConnection(port)) {
                    c.send("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\n" + lengths + "\r\n\r\n{}");
                    HttpChecks.assertInvalidRequest(c.response(), 400);
                    assertThat(c.closedByServer()).isTrue();
                }
            }
            try (RawConnection c = new RawConnection(port)) {
                c.send("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
                Response r = c.response();
                assertThat(r.status()).isBetween(400, 431);
                assertThat(r.body()).startsWith("{\"error\":{\"code\":\"invalid_request\"");
            }
        }
    }

    @Test
    void silentAndHalfOpenConnectionsAreClosed() throws IOException {
        for (int port : ports()) {
            // The documented header deadline is 10 s; the rest is room for a loaded machine.
            HttpChecks.assertHalfOpenAndSilentConnectionsClosed(() -> new RawConnection(port), 20, Duration.ofSeconds(20));
        }
    }

    @Test
    void onlyAGetOnTheExactPathUpgradesAndWebSocketProtocolErrorsCloseProperly() throws IOException {
        TestUser mallory = client.newUser("mallory");
        int port = stack.edgeHttpUrl().getPort();
        for (String request : List.of(upgrade("POST", "/ws", mallory), upgrade("GET", "//ws", mallory))) {
            try (RawConnection c = new RawConnection(port)) {
                assertThat(c.send(request).response().status()).isBetween(400, 499);
            }
        }
        try (RawConnection c = openWebSocket(port, mallory)) {
            c.send(RawConnection.frame(0x83, new byte[0])); // opcode 3 is reserved
            assertClose(c, 1002);
        }
        try (RawConnection c = openWebSocket(port, mallory)) {
            c.send(RawConnection.frame(0x81, new byte[] {'{', (byte) 0xC3, '}'})); // invalid UTF-8
            assertClose(c, 1007);
        }
        try (RawConnection c = openWebSocket(port, mallory)) {
            c.send(RawConnection.frame(0x88, new byte[] {0x03})); // a 1-byte close payload
            assertClose(c, 1002);
        }
    }

    @Test
    void oneUserCannotOpenUnlimitedSockets() {
        TestUser hoarder = client.newUser("hoarder");
        List<WsConnection> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                sockets.add(client.connect(hoarder));
            }
            assertThat(WsConnection.upgradeStatus(stack.edgeWsUrl(), hoarder.accessToken())).isEqualTo(429);
        } finally {
            sockets.forEach(WsConnection::close);
        }
    }

    @Test
    void parallelRegistrationsFromOneAddressAreLimited() throws Exception {
        // One client address (behind the stack's trusted proxy, as every test user is).
        String attacker = ParleyClient.randomClientAddress();
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String body = "{\"username\":\"reg_" + Long.toHexString(System.nanoTime()) + i + "\",\"password\":\"pw-long-enough\"}";
                calls.add(CompletableFuture.supplyAsync(
                        () -> client.auth().postForwarded("/v1/auth/register", null, body, attacker).status(), pool));
            }
            for (CompletableFuture<Integer> c : calls) {
                statuses.add(c.get());
            }
        }
        assertThat(statuses).contains(429);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isLessThanOrEqualTo(10);
    }

    @Test
    void aTypingBurstReachesTheOtherMemberThinnedOut() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            Sending.sendUntilAcked(a, "before", direct, "typing storm next");
            b.await("message", "clientMsgId", "before", WAIT);
            for (int i = 0; i < 300; i++) {
                a.sendRaw("{\"type\":\"typing\",\"conversationId\":\"" + direct + "\"}");
            }
            Sending.sendUntilAcked(a, "after", direct, "done");
            b.await("message", "clientMsgId", "after", WAIT);
            long typing = b.frames().stream().filter(f -> "typing".equals(f.path("type").asText())).count();
            assertThat(typing).as("typing frames bob got from a burst of 300").isBetween(1L, 3L);
        }
    }

    private static RawConnection openWebSocket(int port, TestUser user) throws IOException {
        RawConnection c = new RawConnection(port);
        assertThat(c.send(upgrade("GET", "/ws", user)).response().status()).isEqualTo(101);
        assertThat(c.frame().text()).contains("\"ready\"");
        return c;
    }

    private static void assertClose(RawConnection c, int code) throws IOException {
        Frame f = c.frame();
        while (f != null && f.opcode() != 8) {
            f = c.frame();
        }
        assertThat(f).as("a close frame").isNotNull();
        assertThat(f.closeCode()).isEqualTo(code);
        assertThat(new String(c.rest(), StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
    }

    private static String upgrade(String method, String path, TestUser user) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + user.accessToken() + "\r\n\r\n";
    }
}
