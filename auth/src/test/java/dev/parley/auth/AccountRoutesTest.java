package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@ServerTest
class AccountRoutesTest {
    private static final TestServices T = new TestServices();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Api api;

    AccountRoutesTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, T.services);
    }

    private static String name() {
        return "user_" + NAMES.incrementAndGet();
    }

    @Test
    void registerAnswers201WithIdAndName() {
        String name = name();
        Api.Response r = api.post("/v1/auth/register", null, Api.credentials(name));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("username").asText()).isEqualTo(name);
        assertThat(r.json().path("userId").asText()).matches("[0-9a-f-]{36}");
        assertThat(r.body()).doesNotContain("password");
    }

    @Test
    void registerTwiceIsTaken() {
        String name = name();
        api.post("/v1/auth/register", null, Api.credentials(name));
        Api.Response r = api.post("/v1/auth/register", null, Api.credentials(name));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("username_taken");
    }

    @Test
    void registerValidatesUsernameAndPassword() {
        for (String body : new String[] {
                "{\"username\":\"ab\",\"password\":\"longenough\"}",
                "{\"username\":\"" + "a".repeat(33) + "\",\"password\":\"longenough\"}",
                "{\"username\":\"Alice\",\"password\":\"longenough\"}",
                "{\"username\":\"al ice\",\"password\":\"longenough\"}",
                "{\"username\":\"alice\\u0000\",\"password\":\"longenough\"}",
                "{\"username\":\"" + name() + "\",\"password\":\"short\"}",
                "{\"username\":\"" + name() + "\",\"password\":\"" + "p".repeat(129) + "\"}",
                "{\"username\":\"" + name() + "\",\"password\":\"\\ud800abcdefgh\"}",
                "{\"username\":\"" + name() + "\"}",
                "{\"username\":\"" + name() + "\",\"password\":12345678}",
                "{\"username\":[\"x\"],\"password\":\"longenough\"}",
                "[]", "\"text\"", "{", "not json", "{\"username\":\"abc\",\"password\":\"longenough\"} trailing", ""}) {
            Api.Response r = api.post("/v1/auth/register", null, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.errorCode()).as(body).isEqualTo("invalid_request");
        }
    }

    @Test
    void passwordLengthCountsCharactersNotBytes() {
        Api.Response r = api.post("/v1/auth/register", null,
                "{\"username\":\"" + name() + "\",\"password\":\"" + "😀".repeat(128) + "\"}");
        assertThat(r.status()).isEqualTo(201);
    }

    @Test
    void loginAnswersTokensThatVerify() throws Exception {
        String name = name();
        JsonNode login = api.signUp(name);
        assertThat(login.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.path("expiresIn").asLong()).isEqualTo(900);
        assertThat(login.path("refreshToken").asText()).hasSize(43);
        AuthenticatedUser user = T.services.tokenVerifier().verify(login.path("accessToken").asText()).orElseThrow();
        assertThat(user.userId()).isEqualTo(login.path("userId").asText());
        assertThat(user.username()).isEqualTo(name);

        JWKSet jwks = JWKSet.parse(api.get("/.well-known/jwks.json", null).body());
        assertThat(jwks.getKeys()).hasSize(1);
        assertThat(jwks.getKeys().getFirst().isPrivate()).isFalse();
        AccessTokenVerifier fromJwks = new AccessTokenVerifier(jwks, T.clock);
        assertThat(fromJwks.verify(login.path("accessToken").asText())).isPresent();
    }

    @Test
    void loginWithWrongPasswordOrUnknownUserIsInvalidCredentials() {
        String name = name();
        api.signUp(name);
        Api.Response wrong = api.post("/v1/auth/login", null,
                "{\"username\":\"" + name + "\",\"password\":\"not the password\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        Api.Response unknown = api.post("/v1/auth/login", null, Api.credentials("nobody_" + name));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errorCode()).isEqualTo("invalid_credentials");
    }

    @Test
    void refreshRotatesAndReuseRevokesTheFamily() {
        JsonNode login = api.signUp(name());
        String first = login.path("refreshToken").asText();

        Api.Response second = api.post("/v1/auth/refresh", null, refresh(first));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("userId").asText()).isEqualTo(login.path("userId").asText());
        String secondToken = second.json().path("refreshToken").asText();
        assertThat(secondToken).isNotEqualTo(first);

        Api.Response reuse = api.post("/v1/auth/refresh", null, refresh(first));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.errorCode()).isEqualTo("unauthorized");
        // the reuse revoked the whole login: the current token is dead too
        assertThat(api.post("/v1/auth/refresh", null, refresh(secondToken)).status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        String token = api.signUp(name()).path("refreshToken").asText();
        assertThat(api.post("/v1/auth/logout", null, refresh(token)).status()).isEqualTo(204);
        assertThat(api.post("/v1/auth/refresh", null, refresh(token)).status()).isEqualTo(401);
        assertThat(api.post("/v1/auth/logout", null, refresh("unknown")).status()).isEqualTo(204);
        assertThat(api.post("/v1/auth/logout", null, "{}").status()).isEqualTo(400);
    }

    @Test
    void refreshWithGarbageIsUnauthorized() {
        for (String token : new String[] {"", "x", "A".repeat(43), "A".repeat(5000)}) {
            Api.Response r = api.post("/v1/auth/refresh", null, refresh(token));
            assertThat(r.status()).as(token).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("unauthorized");
        }
        assertThat(api.post("/v1/auth/refresh", null, "{\"refreshToken\":7}").status()).isEqualTo(400);
        // Not well-formed Unicode: refused as a malformed request, not looked up.
        assertThat(api.post("/v1/auth/refresh", null, refresh("\\ud800")).errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void bodiesOver64KibAre413() {
        String big = "{\"username\":\"" + "a".repeat(70_000) + "\",\"password\":\"longenough\"}";
        Api.Response r = api.post("/v1/auth/register", null, big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void unknownPathsAndMethodsAreNotFoundJson() {
        assertThat(api.get("/nope", null).errorCode()).isEqualTo("not_found");
        Api.Response r = api.call(Method.PUT, "/v1/auth/login", null, "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
    }

    @Test
    void healthFollowsTheDatabase() {
        Api.Response up = api.get("/health", null);
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().path("status").asText()).isEqualTo("UP");
        T.databaseUp.set(false);
        try {
            assertThat(api.get("/health", null).status()).isEqualTo(503);
        } finally {
            T.databaseUp.set(true);
        }
    }

    private static String refresh(String token) {
        return "{\"refreshToken\":\"" + token + "\"}";
    }
}
