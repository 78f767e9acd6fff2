package dev.parley.auth;

import static dev.parley.auth.AccountsIT.credentials;
import static dev.parley.auth.AccountsIT.refreshBody;
import static dev.parley.auth.AccountsIT.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.auth.AccessTokens;
import dev.parley.common.redis.RedisKeys;
import dev.parley.common.redis.RedisLoginRevocations;
import dev.parley.testkit.client.ParleyHttp;
import dev.parley.testkit.infra.RealInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logout and refresh-token reuse announce the login in real Redis, as an edge sees it: a second
 * {@link RedisLoginRevocations} hears the login id and finds it with {@code revokedAmong}, and the
 * key lives until the login's newest access token has expired, plus the shared leeway.
 */
class RevocationIT {
    private static AuthUnderTest auth;
    private static ParleyHttp http;
    private static RedisClient redis;
    private static RedisLoginRevocations edgeSide;
    private static StatefulRedisConnection<String, String> raw;
    private static final List<String> HEARD = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        auth = AuthUnderTest.start(AuthUnderTest.newSchema(), AuthUnderTest.newKeysDir());
        http = auth.http();
        redis = RedisClient.create(RealInfra.get().redisUri());
        edgeSide = new RedisLoginRevocations(redis, Clock.systemUTC());
        edgeSide.listen(HEARD::add, () -> { });
        raw = redis.connect();
    }

    @AfterAll
    static void stop() {
        if (edgeSide != null) {
            edgeSide.close();
            raw.close();
            redis.shutdown();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private static JsonNode login() {
        String name = unique("rev");
        http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        return http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json();
    }

    private static String loginId(JsonNode session) throws Exception {
        return SignedJWT.parse(session.path("accessToken").asText()).getJWTClaimsSet()
                .getStringClaim(AccessTokens.LOGIN_CLAIM);
    }

    private static void assertRevokedForTheTokensLifetime(String loginId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> HEARD.contains(loginId));
        assertThat(edgeSide.revokedAmong(List.of(loginId, "some-other-login"))).containsExactly(loginId);
        long ttlMs = raw.sync().pttl(RedisKeys.revokedLogin(loginId));
        Duration max = Duration.ofMinutes(15).plus(AccessTokens.CLOCK_LEEWAY);
        assertThat(ttlMs).isBetween(max.minusSeconds(10).toMillis(), max.toMillis());
    }

    @Test
    void logoutWritesTheRevocationAndAnnouncesIt() throws Exception {
        JsonNode session = login();
        String id = loginId(session);
        assertThat(edgeSide.revokedAmong(List.of(id))).isEmpty();
        http.post("/v1/auth/logout", null, refreshBody(session.path("refreshToken").asText())).expect(204);
        assertRevokedForTheTokensLifetime(id);
    }

    @Test
    void refreshReuseWritesTheRevocationOfTheWholeLogin() throws Exception {
        JsonNode first = login();
        JsonNode second = http.post("/v1/auth/refresh", null, refreshBody(first.path("refreshToken").asText()))
                .expect(200).json();
        String id = loginId(first);
        assertThat(loginId(second)).isEqualTo(id);
        assertThat(HEARD).doesNotContain(id);
        http.post("/v1/auth/refresh", null, refreshBody(first.path("refreshToken").asText())).expect(401);
        assertRevokedForTheTokensLifetime(id);
        http.post("/v1/auth/refresh", null, refreshBody(second.path("refreshToken").asText())).expect(401);
    }

    @Test
    void anotherLoginOfTheSameUserIsNotRevoked() throws Exception {
        String name = unique("two");
        http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        JsonNode phone = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json();
        JsonNode laptop = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json();
        http.post("/v1/auth/logout", null, refreshBody(phone.path("refreshToken").asText())).expect(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> HEARD.contains(loginId(phone)));
        assertThat(edgeSide.revokedAmong(List.of(loginId(phone), loginId(laptop)))).containsExactly(loginId(phone));
    }
}
