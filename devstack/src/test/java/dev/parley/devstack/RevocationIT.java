package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revocation reaches open sockets (issue 9): logout and refresh-token reuse close that login's
 * sockets with 4001 within 2 s on every edge, leave the user's other logins alone, and refuse
 * new upgrades with the revoked login's still-unexpired access tokens.
 */
class RevocationIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long CLOSE_WITHIN_MS = 2_000;
    private static LocalStack stack;
    private static ParleyClient client;
    private static Instance edge2;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
        client = SharedStack.client();
        edge2 = stack.addInstance("edge");
    }

    @AfterAll
    static void stopSecondEdge() {
        if (edge2 != null) {
            stack.stopService(edge2.name());
        }
    }

    @Test
    void logoutClosesThatLoginsSocketsOnEveryEdgeAndNoOtherLogin() throws Exception {
        TestUser first = client.newUser("alice");
        TestUser second = client.login(first.username(), first.password());
        try (WsConnection onEdge1 = open(stack.edgeWsUrl(), first);
             WsConnection onEdge2 = open(edge2.wsUrl(), first);
             WsConnection otherLogin = open(stack.edgeWsUrl(), second)) {
            post("/v1/auth/logout", first.refreshToken()).expect(204);

            assertThat(onEdge1.closed().get(CLOSE_WITHIN_MS, TimeUnit.MILLISECONDS)).isEqualTo(4001);
            assertThat(onEdge2.closed().get(CLOSE_WITHIN_MS, TimeUnit.MILLISECONDS)).isEqualTo(4001);

            int mark = otherLogin.count();
            otherLogin.sendRaw("{\"type\":\"ping\"}");
            otherLogin.awaitFrom(mark, f -> "pong".equals(f.path("type").asText()), WAIT);
            assertThat(otherLogin.closed()).isNotDone();
        }
        assertThat(WsConnection.upgradeStatus(stack.edgeWsUrl(), first.accessToken())).isEqualTo(401);
        assertThat(WsConnection.upgradeStatus(edge2.wsUrl(), first.accessToken())).isEqualTo(401);
        assertThat(WsConnection.upgradeStatus(stack.edgeWsUrl(), second.accessToken())).isEqualTo(101);
    }

    @Test
    void refreshTokenReuseClosesEverySocketOfThatLogin() throws Exception {
        TestUser bob = client.newUser("bob");
        HttpResult rotated = post("/v1/auth/refresh", bob.refreshToken()).expect(200);
        String newAccess = rotated.json().path("accessToken").asText();
        try (WsConnection oldToken = open(stack.edgeWsUrl(), bob);
             WsConnection newToken = WsConnection.open(edge2.wsUrl(), newAccess)) {
            newToken.ready();
            // The rotated-out refresh token is presented again: the whole login is revoked.
            assertThat(post("/v1/auth/refresh", bob.refreshToken()).status()).isEqualTo(401);

            assertThat(oldToken.closed().get(CLOSE_WITHIN_MS, TimeUnit.MILLISECONDS)).isEqualTo(4001);
            assertThat(newToken.closed().get(CLOSE_WITHIN_MS, TimeUnit.MILLISECONDS)).isEqualTo(4001);
        }
        assertThat(WsConnection.upgradeStatus(stack.edgeWsUrl(), newAccess)).isEqualTo(401);
    }

    private static WsConnection open(java.net.URI ws, TestUser user) {
        WsConnection c = WsConnection.open(ws, user.accessToken());
        c.ready();
        return c;
    }

    private static HttpResult post(String path, String refreshToken) {
        ObjectNode body = Json.mapper().createObjectNode().put("refreshToken", refreshToken);
        return client.auth().post(path, null, body.toString());
    }
}
