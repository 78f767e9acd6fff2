package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.edge.AccessToken;
import dev.parley.edge.InvalidTokenException;
import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingTokenVerifierTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger checks = new AtomicInteger();
    /** Accepts "good-<minutes>" (valid that many minutes from T0), refuses the rest; counts its checks. */
    private final CachingTokenVerifier tokens = new CachingTokenVerifier(token -> {
        checks.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new InvalidTokenException("bad signature");
        }
        Instant exp = T0.plus(Duration.ofMinutes(Long.parseLong(token.substring(5))));
        if (!clock.instant().isBefore(exp)) {
            throw new InvalidTokenException("expired", null, true);
        }
        return new AccessToken("alice", exp, "login-1");
    }, clock);

    @Test
    void anAcceptedTokenIsCheckedOnceAndTheSameIdentityReturned() throws Exception {
        AccessToken first = tokens.verify("good-60");
        assertThat(tokens.verify("good-60")).isEqualTo(first);
        assertThat(tokens.verify("good-60")).isEqualTo(first);
        assertThat(checks).hasValue(1);
        tokens.verify("good-30");
        assertThat(checks).as("another token is its own check").hasValue(2);
    }

    @Test
    void aRefusedTokenIsCheckedEveryTime() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.verify("forged")).isInstanceOf(InvalidTokenException.class);
        }
        assertThat(checks).hasValue(3);
    }

    @Test
    void aKeptTokenIsRefusedFromItsExpiryOn() throws Exception {
        tokens.verify("good-2");
        clock.advance(Duration.ofSeconds(119));
        tokens.verify("good-2");
        assertThat(checks).as("still valid: kept").hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> tokens.verify("good-2")).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.expired()).as("the verifier's own answer").isTrue());
        assertThat(checks).hasValue(2);
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterFiveMinutes() throws Exception {
        tokens.verify("good-60");
        clock.advance(CachingTokenVerifier.KEEP.minusSeconds(1));
        tokens.verify("good-60");
        assertThat(checks).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        tokens.verify("good-60");
        assertThat(checks).as("a key dropped from the JWKS is not trusted longer for this cache").hasValue(2);
    }
}
