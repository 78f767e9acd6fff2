package dev.parley.common.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    final TokenBucket bucket = new TokenBucket(20, 10);

    @Test
    void aNewUserStartsWithAFullBucket() {
        assertThat(bucket.refill(null, 5_000)).isEqualTo(new TokenBucket.State(20_000, 5_000));
        assertThat(bucket.isFull(null, 0)).isTrue();
    }

    @Test
    void theBurstIsAllowedThenTheNextIsRefusedWithTheTimeUntilOneToken() {
        TokenBucket.State s = null;
        for (int i = 0; i < 20; i++) {
            TokenBucket.Decision d = bucket.take(s, 1_000);
            assertThat(d.allowed()).isTrue();
            s = d.state();
        }
        TokenBucket.Decision refused = bucket.take(s, 1_000);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(100);
        assertThat(bucket.take(s, 1_040).retryAfterMs()).isEqualTo(60);
        assertThat(bucket.take(s, 1_100).allowed()).isTrue();
    }

    @Test
    void refillIsExactAndCappedAtCapacity() {
        TokenBucket.State empty = new TokenBucket.State(0, 0);
        assertThat(bucket.refill(empty, 1_000).milliTokens()).isEqualTo(10_000);
        assertThat(bucket.refill(empty, 1_000_000_000_000L).milliTokens()).isEqualTo(20_000);
        assertThat(bucket.isFull(empty, 1_999)).isFalse();
        assertThat(bucket.isFull(empty, 2_000)).isTrue();
    }

    @Test
    void anOlderRecordTimeAddsNothingAndDoesNotMoveTimeBack() {
        TokenBucket.State s = new TokenBucket.State(500, 10_000);
        assertThat(bucket.refill(s, 9_000)).isEqualTo(s);
    }

    @Test
    void theSameInputsGiveTheSameDecision() {
        TokenBucket.State s = new TokenBucket.State(1_234, 77);
        assertThat(bucket.take(s, 300)).isEqualTo(bucket.take(s, 300));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new TokenBucket(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
