package dev.parley.auth;

import dev.parley.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.auth.AccessTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final KeyStore keys = KeyStore.of(List.of(KeyStore.generate(clock)));
    private final TokenIssuer issuer = new TokenIssuer(keys, clock, Duration.ofMinutes(15));
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(keys.publicJwks(), clock);

    @Test
    void issuedTokenCarriesTheContractClaims() throws Exception {
        TokenIssuer.AccessToken t = issuer.issue("user-1", "alice", "login-1");
        SignedJWT jwt = SignedJWT.parse(t.token());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.signingKey().getKeyID());
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("parley-auth");
        assertThat(claims.getAudience()).containsExactly("parley");
        assertThat(claims.getSubject()).isEqualTo("user-1");
        assertThat(claims.getStringClaim("username")).isEqualTo("alice");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getStringClaim(AccessTokens.LOGIN_CLAIM)).isEqualTo("login-1");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2030-01-01T00:15:00Z"));
        assertThat(t.expiresIn()).isEqualTo(900);
    }

    @Test
    void tokenVerifiesUntilItExpiresPlusTheLeewayTheEdgeAllowsToo() {
        String token = issuer.issue("user-1", "alice", "login-1").token();
        AuthenticatedUser user = verifier.verify(token).orElseThrow();
        assertThat(user.userId()).isEqualTo("user-1");
        assertThat(user.loginId()).isEqualTo("login-1");
        clock.advance(Duration.ofMinutes(15).plus(AccessTokens.CLOCK_LEEWAY).minusSeconds(1));
        assertThat(verifier.verify(token)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void aTokenIssuedInTheFutureVerifiesOnlyWithinTheLeeway() {
        MutableClock ahead = new MutableClock(clock.instant().plus(AccessTokens.CLOCK_LEEWAY));
        String withinLeeway = new TokenIssuer(keys, ahead, Duration.ofMinutes(15)).issue("u", "x", "l").token();
        assertThat(verifier.verify(withinLeeway)).isPresent();
        ahead.advance(Duration.ofSeconds(1));
        String beyond = new TokenIssuer(keys, ahead, Duration.ofMinutes(15)).issue("u", "x", "l").token();
        assertThat(verifier.verify(beyond)).isEmpty();
    }

    @Test
    void tamperedOrForeignTokensFail() {
        String token = issuer.issue("user-1", "alice", "login-1").token();
        String[] parts = token.split("\\.");
        String otherPayload = issuer.issue("user-2", "bob", "login-2").token().split("\\.")[1];
        assertThat(verifier.verify(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
        assertThat(verifier.verify(parts[0] + "." + parts[1] + ".")).isEmpty();
        assertThat(verifier.verify("eyJhbGciOiJub25lIn0." + parts[1] + ".")).isEmpty();
        assertThat(verifier.verify("")).isEmpty();
        assertThat(verifier.verify(null)).isEmpty();
        KeyStore other = KeyStore.of(List.of(KeyStore.generate(clock)));
        assertThat(verifier.verify(new TokenIssuer(other, clock, Duration.ofMinutes(1)).issue("u", "x", "login-3").token())).isEmpty();
    }

    @Test
    void rotatedInKeySignsAndOldTokensStillVerify() {
        ECKey old = keys.signingKey();
        String oldToken = issuer.issue("user-1", "alice", "login-1").token();
        clock.advance(Duration.ofSeconds(2));
        KeyStore rotated = KeyStore.of(List.of(old, KeyStore.generate(clock)));
        String newToken = new TokenIssuer(rotated, clock, Duration.ofMinutes(15)).issue("user-1", "alice", "login-1").token();
        AccessTokenVerifier both = new AccessTokenVerifier(rotated.publicJwks(), clock);
        assertThat(both.verify(oldToken)).isPresent();
        assertThat(both.verify(newToken)).isPresent();
        assertThat(verifier.verify(newToken)).isEmpty();
    }

    @Test
    void keyDirectoryIsCreatedOnceWithPrivateFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("keys");
        KeyStore first = KeyStore.loadOrCreate(dir, clock);
        KeyStore again = KeyStore.loadOrCreate(dir, clock);
        assertThat(again.signingKey().getKeyID()).isEqualTo(first.signingKey().getKeyID());
        Path file;
        try (var files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");

        clock.advance(Duration.ofDays(1));
        String kid = KeyStore.writeNewKey(dir, clock);
        KeyStore rotated = KeyStore.loadOrCreate(dir, clock);
        assertThat(rotated.signingKey().getKeyID()).isEqualTo(kid);
        JWKSet jwks = rotated.publicJwks();
        assertThat(jwks.getKeys()).hasSize(2).noneMatch(k -> k.isPrivate());
    }

    @Test
    void aKeyAddedWithinTheSameSecondStillSignsAndAKeyFromTheFutureIsRefused(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 10; i++) {
            String kid = KeyStore.writeNewKey(dir, clock);
            assertThat(KeyStore.loadOrCreate(dir, clock).signingKey().getKeyID()).isEqualTo(kid);
        }
        MutableClock past = new MutableClock(Instant.parse("2029-01-01T00:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyStore.writeNewKey(dir, past))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("clock");
    }

    @Test
    void aBrokenKeyFileFailsTheStart(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.jwk.json"), "{\"kty\":\"oct\",\"k\":\"AAAA\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyStore.loadOrCreate(dir, clock))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("bad.jwk.json");
    }
}
