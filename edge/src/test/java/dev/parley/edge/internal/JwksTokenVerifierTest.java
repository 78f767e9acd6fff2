package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.auth.AccessTokens;
import dev.parley.edge.AccessToken;
import dev.parley.edge.InvalidTokenException;
import dev.parley.testkit.MutableClock;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JwksTokenVerifierTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    private static ECKey key(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    private static String token(ECKey key, String iss, String aud, String sub, Instant exp) throws Exception {
        return token(key, iss, aud, sub, exp, null);
    }

    private static String token(ECKey key, String iss, String aud, String sub, Instant exp, Object sid)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(iss).audience(aud).expirationTime(Date.from(exp));
        if (sid != null) {
            claims.claim(AccessTokens.LOGIN_CLAIM, sid);
        }
        if (sub != null) {
            claims.subject(sub);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void acceptsAValidTokenAndChecksSignatureIssuerAudienceAndExpiry() throws Exception {
        ECKey k1 = key("k1");
        ECKey impostor = key("k1");
        JwksTokenVerifier verifier = new JwksTokenVerifier(new ImmutableJWKSet<>(new JWKSet(k1.toPublicJWK())), clock);
        Instant exp = T0.plus(Duration.ofMinutes(15));

        assertThat(verifier.verify(token(k1, "parley-auth", "parley", "alice", exp)))
                .as("a token from before logins were named: no login id, honoured until exp + leeway")
                .isEqualTo(new AccessToken("alice", exp.plus(AccessTokens.CLOCK_LEEWAY), null));
        String expired = token(k1, "parley-auth", "parley", "alice", T0.minus(AccessTokens.CLOCK_LEEWAY).minusSeconds(1));
        for (String bad : new String[] {
                token(impostor, "parley-auth", "parley", "alice", exp),
                token(k1, "someone-else", "parley", "alice", exp),
                token(k1, "parley-auth", "other", "alice", exp),
                token(k1, "parley-auth", "parley", null, exp),
                expired,
                token(k1, "parley-auth", "parley", "alice", exp, 42),
                token(key("k2"), "parley-auth", "parley", "alice", exp),
                "not.a.jwt", ""}) {
            assertThatThrownBy(() -> verifier.verify(bad)).isInstanceOf(InvalidTokenException.class)
                    .matches(e -> ((InvalidTokenException) e).expired() == bad.equals(expired),
                            "expired exactly when only its exp is past");
        }
        clock.advance(Duration.ofMinutes(15).plus(AccessTokens.CLOCK_LEEWAY).plusSeconds(1));
        String valid = token(k1, "parley-auth", "parley", "alice", exp);
        assertThatThrownBy(() -> verifier.verify(valid)).as("expired now").isInstanceOf(InvalidTokenException.class)
                .matches(e -> ((InvalidTokenException) e).expired(), "counted as expired, not invalid");
    }

    @Test
    void readsTheLoginIdAndToleratesTheSharedClockLeeway() throws Exception {
        ECKey k1 = key("k1");
        JwksTokenVerifier verifier = new JwksTokenVerifier(new ImmutableJWKSet<>(new JWKSet(k1.toPublicJWK())), clock);
        AccessToken t = verifier.verify(token(k1, "parley-auth", "parley", "alice", T0.plusSeconds(60), "login-1"));
        assertThat(t.loginId()).isEqualTo("login-1");
        // auth tolerates the same skew: a token 20 s past exp is still valid on both sides
        assertThat(verifier.verify(token(k1, "parley-auth", "parley", "alice", T0.minusSeconds(20))).expiresAt())
                .isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void refusesSymmetricallySignedTokens() throws Exception {
        ECKey k1 = key("k1");
        JwksTokenVerifier verifier = new JwksTokenVerifier(new ImmutableJWKSet<>(new JWKSet(k1.toPublicJWK())), clock);
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("parley-auth").audience("parley").subject("alice")
                        .expirationTime(Date.from(T0.plusSeconds(60))).build());
        hs.sign(new MACSigner(new byte[32]));
        assertThatThrownBy(() -> verifier.verify(hs.serialize())).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void fetchesTheJwksOverHttpAndRefetchesOnAnUnknownKeyId() throws Exception {
        ECKey k1 = key("k1");
        ECKey k2 = key("k2");
        AtomicReference<JWKSet> served = new AtomicReference<>(new JWKSet(k1.toPublicJWK()));
        WebServer jwks = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.get("/.well-known/jwks.json", (req, res) -> res.send(served.get().toString())))
                .build().start();
        try {
            URI url = URI.create("http://127.0.0.1:" + jwks.port() + "/.well-known/jwks.json");
            JwksTokenVerifier verifier = new JwksTokenVerifier(url.toURL(), clock);
            Instant exp = T0.plus(Duration.ofMinutes(15));
            assertThat(verifier.verify(token(k1, "parley-auth", "parley", "alice", exp)).userId()).isEqualTo("alice");
            served.set(new JWKSet(java.util.List.of(k1.toPublicJWK(), k2.toPublicJWK()))); // key rotation
            assertThat(verifier.verify(token(k2, "parley-auth", "parley", "bob", exp)).userId()).isEqualTo("bob");
        } finally {
            jwks.stop();
        }
    }

    /** An auth service that has just started answers slowly: more than Nimbus's 500 ms default. */
    @Test
    void warmUpFetchesTheKeySetAheadAndASlowAnswerIsWaitedFor() throws Exception {
        ECKey k1 = key("k1");
        AtomicInteger fetches = new AtomicInteger();
        WebServer jwks = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.get("/.well-known/jwks.json", (req, res) -> {
                    fetches.incrementAndGet();
                    Thread.sleep(JwksTokenVerifier.HTTP_READ_TIMEOUT_MS / 2);
                    res.send(new JWKSet(k1.toPublicJWK()).toString());
                }))
                .build().start();
        try {
            URI url = URI.create("http://127.0.0.1:" + jwks.port() + "/.well-known/jwks.json");
            JwksTokenVerifier verifier = new JwksTokenVerifier(url.toURL(), clock);
            verifier.warmUp();
            assertThat(fetches).hasValue(1);
            Instant exp = T0.plus(Duration.ofMinutes(15));
            assertThat(verifier.verify(token(k1, "parley-auth", "parley", "alice", exp)).userId()).isEqualTo("alice");
            assertThat(fetches).as("the first token found the keys fetched").hasValue(1);
        } finally {
            jwks.stop();
        }
    }

    /** Auth down when the kept key set runs out: the tokens it verified go on verifying. */
    @Test
    void theLastKeySetFetchedServesWhileAuthCannotBeReached() throws Exception {
        ECKey k1 = key("k1");
        ECKey k2 = key("k2");
        WebServer jwks = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.get("/.well-known/jwks.json", (req, res) -> res.send(new JWKSet(k1.toPublicJWK()).toString())))
                .build().start();
        URI url = URI.create("http://127.0.0.1:" + jwks.port() + "/.well-known/jwks.json");
        long ttlMs = 300;
        JwksTokenVerifier verifier = new JwksTokenVerifier(JwksTokenVerifier.remote(url.toURL(), ttlMs, ttlMs / 3), clock);
        Instant exp = T0.plus(Duration.ofMinutes(15));
        assertThat(verifier.verify(token(k1, "parley-auth", "parley", "alice", exp)).userId()).isEqualTo("alice");
        jwks.stop();
        Thread.sleep(2 * ttlMs); // the kept set has run out (the source keeps time by the system clock)
        assertThat(verifier.verify(token(k1, "parley-auth", "parley", "alice", exp)).userId()).isEqualTo("alice");
        assertThatThrownBy(() -> verifier.verify(token(k2, "parley-auth", "parley", "bob", exp)))
                .as("a key the last set lacks").isInstanceOf(InvalidTokenException.class);
    }
}
