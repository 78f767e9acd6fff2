package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.json.Json;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyHttp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every row of the contract's "Auth service" table over real HTTP, with accounts and refresh
 * tokens in real PostgreSQL and the login limiter in real Redis.
 */
class AccountsIT {
    private static AuthUnderTest auth;
    private static ParleyHttp http;

    @BeforeAll
    static void start() {
        auth = AuthUnderTest.start(AuthUnderTest.newSchema(), AuthUnderTest.newKeysDir());
        http = auth.http();
    }

    @AfterAll
    static void stop() {
        if (auth != null) {
            auth.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String credentials(String username, String password) {
        return ascii(Json.mapper().createObjectNode().put("username", username).put("password", password).toString());
    }

    static String refreshBody(String token) {
        return ascii(Json.mapper().createObjectNode().put("refreshToken", token).toString());
    }

    /**
     * The JSON text with every non-ASCII character written as a {@code \\uXXXX} escape, so that
     * odd strings (a lone surrogate cannot even be encoded as UTF-8) reach the service exactly as
     * the JSON escapes a client would send.
     */
    static String ascii(String json) {
        StringBuilder sb = new StringBuilder(json.length());
        for (char c : json.toCharArray()) {
            if (c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void registerAnswers201WithTheNewIdAndATakenNameAnswers409() {
        String name = unique("reg");
        HttpResult r = http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        assertThat(r.json().path("username").asText()).isEqualTo(name);
        String id = r.json().path("userId").asText();
        assertThat(id).isNotBlank();

        HttpResult taken = http.post("/v1/auth/register", null, credentials(name, "another-password"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorCode()).isEqualTo("username_taken");
        assertThat(auth.number("SELECT count(*) FROM users WHERE username = '" + name + "'")).isEqualTo(1);
    }

    @Test
    void usernameAndPasswordRulesAreTheContracts() {
        for (String bad : new String[] {"ab", "x".repeat(33), "Alice", "al ice", "al!ce", "élodie", ""}) {
            HttpResult r = http.post("/v1/auth/register", null, credentials(bad, "long enough"));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_request");
        }
        assertThat(http.post("/v1/auth/register", null, credentials("abc", "long enough")).status()).isIn(201, 409);
        String edge32 = ("a_b.c-9" + UUID.randomUUID().toString().replace("-", "")).substring(0, 32);
        assertThat(http.post("/v1/auth/register", null, credentials(edge32, "long enough")).status()).isEqualTo(201);

        assertThat(http.post("/v1/auth/register", null, credentials(unique("pw"), "1234567")).status()).isEqualTo(400);
        assertThat(http.post("/v1/auth/register", null, credentials(unique("pw"), "x".repeat(129))).status())
                .isEqualTo(400);
        assertThat(http.post("/v1/auth/register", null, credentials(unique("pw"), "12345678")).status()).isEqualTo(201);
        // 128 characters that are 4 UTF-8 bytes and 2 UTF-16 units each: the limit counts characters.
        assertThat(http.post("/v1/auth/register", null, credentials(unique("pw"), "🔑".repeat(128))).status())
                .isEqualTo(201);
    }

    @Test
    void passwordsAreStoredOnlyAsArgon2idHashes() throws Exception {
        String name = unique("hash");
        String password = "a secret " + UUID.randomUUID();
        http.post("/v1/auth/register", null, credentials(name, password)).expect(201);
        try (Connection c = auth.db();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("$argon2id$v=19$").doesNotContain(password);
            }
        }
    }

    @Test
    void loginAnswersTheContractsShapeWithAnEs256TokenThatTheJwksVerifies() throws Exception {
        String name = unique("login");
        String userId = http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201)
                .json().path("userId").asText();
        Instant before = Instant.now().minusSeconds(1);
        JsonNode login = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json();
        assertThat(login.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.path("expiresIn").asLong()).isEqualTo(900);
        assertThat(login.path("userId").asText()).isEqualTo(userId);
        assertThat(login.path("refreshToken").asText()).isNotBlank();

        SignedJWT jwt = SignedJWT.parse(login.path("accessToken").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(userId);
        Instant iat = jwt.getJWTClaimsSet().getIssueTime().toInstant();
        Instant exp = jwt.getJWTClaimsSet().getExpirationTime().toInstant();
        assertThat(iat).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(exp).isEqualTo(iat.plusSeconds(900));

        HttpResult jwks = http.get("/.well-known/jwks.json", null).expect(200);
        JWKSet keys = JWKSet.parse(jwks.body());
        assertThat(keys.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();

        // The token works for the conversation endpoints.
        http.get("/v1/conversations/" + UUID.randomUUID(), login.path("accessToken").asText()).expect(404);
    }

    @Test
    void wrongPasswordAndUnknownUserAre401InvalidCredentials() {
        String name = unique("wrong");
        http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        HttpResult wrong = http.post("/v1/auth/login", null, credentials(name, "incorrect-horse"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        HttpResult unknown = http.post("/v1/auth/login", null, credentials(unique("nobody"), "correct-horse"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errorCode()).isEqualTo("invalid_credentials");
        assertThat(unknown.json().path("error").path("message").asText())
                .isEqualTo(wrong.json().path("error").path("message").asText());
        HttpResult invalidName = http.post("/v1/auth/login", null, credentials("NO SUCH NAME", "correct-horse"));
        assertThat(invalidName.status()).isEqualTo(401);
        assertThat(invalidName.errorCode()).isEqualTo("invalid_credentials");
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheWholeLoginButNotOtherLogins() throws Exception {
        String name = unique("refresh");
        http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        JsonNode first = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json();
        JsonNode otherLogin = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json();
        String r1 = first.path("refreshToken").asText();

        JsonNode second = http.post("/v1/auth/refresh", null, refreshBody(r1)).expect(200).json();
        assertThat(second.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(second.path("expiresIn").asLong()).isEqualTo(900);
        assertThat(second.path("userId").asText()).isEqualTo(first.path("userId").asText());
        String r2 = second.path("refreshToken").asText();
        assertThat(r2).isNotEqualTo(r1);
        assertThat(second.path("accessToken").asText()).isNotEqualTo(first.path("accessToken").asText());
        http.get("/v1/conversations/" + UUID.randomUUID(), second.path("accessToken").asText()).expect(404);

        String r3 = http.post("/v1/auth/refresh", null, refreshBody(r2)).expect(200).json()
                .path("refreshToken").asText();

        // r1 was rotated out: presenting it again is reuse, which revokes the whole family ...
        HttpResult reuse = http.post("/v1/auth/refresh", null, refreshBody(r1));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.errorCode()).isEqualTo("unauthorized");
        // ... so the newest token of that login stops working too,
        assertThat(http.post("/v1/auth/refresh", null, refreshBody(r3)).status()).isEqualTo(401);
        assertThat(http.post("/v1/auth/refresh", null, refreshBody(r2)).status()).isEqualTo(401);
        // while another login of the same user is unaffected.
        http.post("/v1/auth/refresh", null, refreshBody(otherLogin.path("refreshToken").asText())).expect(200);

        try (Connection c = auth.db();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT count(*) FILTER (WHERE f.revoked_at IS NOT NULL), count(*)
                     FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
                     WHERE t.token_hash = ANY (?)""")) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {sha256(r1), sha256(r2), sha256(r3)}));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(2)).as("all three tokens stored, by hash").isEqualTo(3);
                assertThat(rs.getLong(1)).as("all of them in a revoked family").isEqualTo(3);
            }
        }
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        String name = unique("stored");
        http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        String token = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json()
                .path("refreshToken").asText();
        assertThat(auth.number("SELECT count(*) FROM refresh_tokens WHERE token_hash = '" + token + "'")).isZero();
        assertThat(auth.number("SELECT count(*) FROM refresh_tokens WHERE token_hash = '" + sha256(token) + "'"))
                .isEqualTo(1);
    }

    @Test
    void garbageRefreshTokensAre401() {
        for (String garbage : new String[] {"", "x", "A".repeat(43), "a".repeat(10_000), "'; drop table users; --"}) {
            HttpResult r = http.post("/v1/auth/refresh", null, refreshBody(garbage));
            assertThat(r.status()).as(garbage).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("unauthorized");
        }
    }

    @Test
    void logoutAnswers204AndTheRefreshTokenNoLongerWorks() {
        String name = unique("logout");
        http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        String r1 = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json()
                .path("refreshToken").asText();
        String r2 = http.post("/v1/auth/refresh", null, refreshBody(r1)).expect(200).json()
                .path("refreshToken").asText();

        HttpResult out = http.post("/v1/auth/logout", null, refreshBody(r2));
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.body()).isEmpty();
        assertThat(http.post("/v1/auth/refresh", null, refreshBody(r2)).status()).isEqualTo(401);
        // Logging out again, or with an unknown token, is harmless.
        assertThat(http.post("/v1/auth/logout", null, refreshBody(r2)).status()).isEqualTo(204);
        assertThat(http.post("/v1/auth/logout", null, refreshBody("unknown")).status()).isEqualTo(204);
        assertThat(http.post("/v1/auth/logout", null, "{}").status()).isEqualTo(400);
    }

    @Test
    void healthReportsTheDatabase() {
        HttpResult r = http.get("/health", null).expect(200);
        assertThat(r.json().path("status").asText()).isEqualTo("UP");
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
