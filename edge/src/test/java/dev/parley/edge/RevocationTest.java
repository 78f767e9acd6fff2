package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.auth.LoginRevocations;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Revoked logins reach open sockets (4001) and new upgrades (401); origin and auth header hygiene. */
class RevocationTest {
    private final EdgeHarness edge = new EdgeHarness();
    private final Instant until = EdgeHarness.T0.plus(Duration.ofMinutes(15));

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void revokingALoginClosesItsOpenSessionsWith4001AndRefusesItsUpgrades() throws Exception {
        edge.services.logins().start();
        try (WsClient phone = edge.connect("alice", "login-1"); WsClient laptop = edge.connect("alice", "login-1");
             WsClient other = edge.connect("alice", "login-2"); WsClient legacy = edge.connect("alice")) {
            phone.next();
            laptop.next();
            other.next();
            legacy.next();
            edge.revocations.revoke("login-1", until);
            assertThat(phone.closeCode()).isEqualTo(4001);
            assertThat(laptop.closeCode()).isEqualTo(4001);
            other.send("{\"type\":\"ping\"}");
            assertThat(other.next().path("type").asText()).as("another login of the same user stays").isEqualTo("pong");
            legacy.send("{\"type\":\"ping\"}");
            assertThat(legacy.next().path("type").asText()).isEqualTo("pong");

            String revokedToken = edge.tokens.issue("alice", until, "login-1");
            assertThat(status("Authorization", "Bearer " + revokedToken)).isEqualTo(401);
            assertThat(edge.get("/ws", revokedToken).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aMissedNotificationIsHealedWhenTheSubscriptionComesBack() throws Exception {
        edge.services.logins().start();
        try (WsClient c = edge.connect("alice", "login-1")) {
            c.next();
            edge.revocations.revokeSilently("login-1", until); // published while this node was disconnected
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().path("type").asText()).isEqualTo("pong");
            edge.revocations.resubscribe();
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void whenTheStoreCannotAnswerUpgradesAreAdmitted() throws Exception {
        try (EdgeHarness down = new EdgeHarness(java.util.Map.of(), null, new Unreachable())) {
            try (WsClient c = WsClient.connect(down.ws("/ws"), java.util.Map.of("Authorization",
                    "Bearer " + down.tokens.issue("alice", until, "login-1")))) {
                assertThat(c.next().path("type").asText()).isEqualTo("ready");
            }
        }
    }

    @Test
    void twoOriginHeadersAre403AndTwoAuthorizationHeadersAre401() throws Exception {
        String token = edge.token("alice");
        assertThat(status("Authorization", "Bearer " + token, "Origin", "http://localhost:1", "Origin",
                "https://evil.example")).isEqualTo(403);
        assertThat(status("Authorization", "Bearer " + token, "Origin", "https://evil.example", "Origin",
                "http://localhost:1")).isEqualTo(403);
        assertThat(status("Authorization", "Bearer " + token, "Authorization", "Bearer " + edge.token("bob")))
                .isEqualTo(401);
        HttpResponse<String> rest = edge.http.send(java.net.http.HttpRequest.newBuilder(edge.http("/v1/conversations"))
                .header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).isEqualTo(401);
        assertThat(status("Authorization", "Bearer " + token, "Origin", "http://localhost:1")).isEqualTo(101);
    }

    /** The upgrade's status; headers as name, value pairs, names may repeat. */
    private int status(String... headers) {
        WebSocket.Builder b = edge.http.newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            b.buildAsync(edge.ws("/ws"), new WebSocket.Listener() { }).join().abort();
            return 101;
        } catch (CompletionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    /** A revocation store that is down. */
    private static final class Unreachable implements LoginRevocations {
        @Override
        public void revoke(String loginId, Instant until) {
            throw new IllegalStateException("redis down");
        }

        @Override
        public Set<String> revokedAmong(Collection<String> loginIds) {
            throw new IllegalStateException("redis down");
        }

        @Override
        public void listen(Consumer<String> onRevoked, Runnable onResubscribed) {
        }
    }
}
