package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code auth.signing-keys} (a JWK set given as the value) and {@code jwks-add-key}, which rotates it. */
class SigningKeysSecretTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private record Run(int status, String out, String err) {
    }

    private Run addKey(String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JwksAddKey.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                clock);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rotatingASetOfOneGivesTwoAndTheNewKeySignsWhileTheOldStillVerifies() throws Exception {
        Run first = addKey("");
        assertThat(first.status()).isZero();
        assertThat(first.err()).isEmpty();
        KeyStore one = KeyStore.fromJwkSet(first.out());
        assertThat(one.keys()).hasSize(1);
        assertThat(one.signingKey().getKeyID()).startsWith("20300101T000000Z-");
        String oldToken = new TokenIssuer(one, clock, Duration.ofMinutes(15)).issue("u1", "ann", "l1").token();

        clock.advance(Duration.ofDays(30));
        Run second = addKey(first.out());
        assertThat(second.status()).isZero();
        KeyStore two = KeyStore.fromJwkSet(second.out());
        assertThat(two.keys()).hasSize(2);
        assertThat(two.keys().get(0).getKeyID()).isEqualTo(one.signingKey().getKeyID());
        assertThat(two.signingKey().getKeyID()).startsWith("20300131T000000Z-");
        assertThat(two.keys()).allSatisfy(k -> assertThat(k.isPrivate()).isTrue());

        String newToken = new TokenIssuer(two, clock, Duration.ofMinutes(15)).issue("u1", "ann", "l1").token();
        assertThat(com.nimbusds.jwt.SignedJWT.parse(newToken).getHeader().getKeyID())
                .isEqualTo(two.signingKey().getKeyID());
        AccessTokenVerifier verifier = new AccessTokenVerifier(two.publicJwks(), clock);
        assertThat(verifier.verify(newToken)).isPresent();
        // The old key is still in the set, so a token it signed still verifies (had it not expired).
        clock.advance(Duration.ofDays(-30));
        assertThat(new AccessTokenVerifier(two.publicJwks(), clock).verify(oldToken)).isPresent();
    }

    @Test
    void aKeyAddedInTheSameSecondStillSortsLast() throws Exception {
        String set = addKey("").out();
        for (int i = 0; i < 3; i++) {
            set = addKey(set).out();
        }
        KeyStore keys = KeyStore.fromJwkSet(set);
        assertThat(keys.keys()).hasSize(4);
        assertThat(keys.signingKey().getKeyID()).isEqualTo(keys.keys().stream().map(ECKey::getKeyID)
                .max(String::compareTo).orElseThrow());
    }

    @Test
    void garbageIsRefusedOnStandardErrorWithNothingOnStandardOutput() throws Exception {
        ECKey pub = new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK();
        ECKey noKid = new ECKeyGenerator(Curve.P_256).generate();
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("k3").generate();
        for (String bad : new String[] {"not json", "{\"keys\": 3}", "[]", new JWKSet(pub).toString(false),
                new JWKSet(noKid).toString(false), new JWKSet(p384).toString(false)}) {
            Run r = addKey(bad);
            assertThat(r.status()).as(bad).isEqualTo(1);
            assertThat(r.out()).as(bad).isEmpty();
            assertThat(r.err()).as(bad).startsWith("jwks-add-key: ");
        }
        assertThat(addKey("x".repeat((1 << 20) + 1)).err()).contains("over 1 MiB");
    }

    @Test
    void theSettingIsValidatedAtStartAndItsValueIsNeverInAProblemOrToString() throws Exception {
        String set = addKey("").out();
        String privatePart = KeyStore.fromJwkSet(set).signingKey().getD().toString();
        Settings ok = Settings.of(Map.of("auth.signing-keys", set));
        AuthConfig c = AuthConfig.from(ok);
        ok.validate();
        assertThat(c.tokens().signingKeys()).isPresent();
        assertThat(c.tokens().signingKeys().get().signingKey().getKeyID())
                .isEqualTo(KeyStore.fromJwkSet(set).signingKey().getKeyID());
        assertThat(c.toString()).doesNotContain(privatePart).contains("1 from auth.signing-keys");

        ECKey dup = KeyStore.fromJwkSet(set).signingKey();
        String twice = new JWKSet(java.util.List.of(dup, dup)).toString(false);
        for (String bad : new String[] {set.replace("\"d\"", "\"x\""), "{\"keys\":[]}", twice, set.substring(0, 40)}) {
            Settings s = Settings.of(Map.of("auth.signing-keys", bad));
            AuthConfig.from(s);
            assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("auth.signing-keys")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(privatePart).doesNotContain("\"d\""));
        }
    }
}
