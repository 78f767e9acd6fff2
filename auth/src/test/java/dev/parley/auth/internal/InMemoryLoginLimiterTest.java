package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.auth.LoginLimiter;
import dev.parley.testkit.MutableClock;
import dev.parley.auth.internal.memory.InMemoryLoginLimiter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryLoginLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryLoginLimiter limiter = new InMemoryLoginLimiter(2, Duration.ofMinutes(1), clock);

    @Test
    void allowsNPerWindowPerKey() {
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        LoginLimiter.Decision refused = limiter.tryAcquire("k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(refused.retryAfterSeconds()).isEqualTo(50);
        assertThat(limiter.tryAcquire("other").allowed()).isTrue();
        clock.advance(Duration.ofSeconds(50));
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        assertThat(LoginLimiter.Decision.refuse(Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
        assertThat(LoginLimiter.Decision.refuse(Duration.ofMillis(1001)).retryAfterSeconds()).isEqualTo(2);
        assertThat(LoginLimiter.Decision.refuse(Duration.ZERO).retryAfterSeconds()).isEqualTo(1);
    }
}
