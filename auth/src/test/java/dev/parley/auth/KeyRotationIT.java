package dev.parley.auth;

import static dev.parley.auth.AccountsIT.credentials;
import static dev.parley.auth.AccountsIT.refreshBody;
import static dev.parley.auth.AccountsIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Key rotation as CONFIG.md describes it: add a key ({@code Main new-key} writes it with
 * {@link KeyStore#writeNewKey}), restart; tokens signed by the old key keep verifying through the
 * JWKS while new tokens carry the new {@code kid}; once the old key file is removed (its tokens
 * have expired) and auth restarted, its tokens no longer verify.
 */
class KeyRotationIT {

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static boolean verifiesWithJwks(AuthUnderTest auth, String token) throws Exception {
        JWKSet jwks = JWKSet.parse(auth.http().get("/.well-known/jwks.json", null).expect(200).body());
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        return key instanceof ECKey ec && jwt.verify(new ECDSAVerifier(ec));
    }

    @Test
    void oldTokensVerifyUntilTheirKeyIsRemovedAndNewTokensCarryTheNewKid() throws Exception {
        String schema = AuthUnderTest.newSchema();
        Path keys = AuthUnderTest.newKeysDir();
        String name = unique("rot");
        String oldToken;
        String oldRefresh;
        String oldKid;
        try (AuthUnderTest auth = AuthUnderTest.start(schema, keys)) {
            auth.http().post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
            JsonNode login = auth.http().post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200)
                    .json();
            oldToken = login.path("accessToken").asText();
            oldRefresh = login.path("refreshToken").asText();
            oldKid = kid(oldToken);
        }
        // What "java -jar parley-auth.jar new-key" does; likely within the same second as the first key.
        String newKid = KeyStore.writeNewKey(keys, Clock.systemUTC());
        assertThat(newKid).isNotEqualTo(oldKid);

        try (AuthUnderTest auth = AuthUnderTest.start(schema, keys)) {
            JWKSet jwks = JWKSet.parse(auth.http().get("/.well-known/jwks.json", null).expect(200).body());
            assertThat(jwks.getKeys()).extracting(JWK::getKeyID).containsExactlyInAnyOrder(oldKid, newKid);
            assertThat(verifiesWithJwks(auth, oldToken)).isTrue();
            auth.http().get("/v1/conversations/" + UUID.randomUUID(), oldToken).expect(404);

            String newToken = auth.http().post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200)
                    .json().path("accessToken").asText();
            assertThat(kid(newToken)).isEqualTo(newKid);
            assertThat(verifiesWithJwks(auth, newToken)).isTrue();
            // A refresh token issued before the rotation still works, and yields a new-key token.
            JsonNode refreshed = auth.http().post("/v1/auth/refresh", null, refreshBody(oldRefresh)).expect(200).json();
            assertThat(kid(refreshed.path("accessToken").asText())).isEqualTo(newKid);
        }

        Files.delete(keys.resolve(oldKid + ".jwk.json"));
        try (AuthUnderTest auth = AuthUnderTest.start(schema, keys)) {
            assertThat(verifiesWithJwks(auth, oldToken)).isFalse();
            assertThat(auth.http().get("/v1/conversations/" + UUID.randomUUID(), oldToken).status()).isEqualTo(401);
        }
    }
}
