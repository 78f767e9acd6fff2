package dev.parley.common.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
    final TokenBucket bucket = new TokenBucket(20, 10);
    final LocalRateLimiter limiter = new LocalRateLimiter(bucket);

    @Test
    void aBurstPassesThenEachUserWaitsForTheRefill() {
        long now = 1_000_000;
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.take("alice", now)).isZero();
        }
        assertThat(limiter.take("alice", now)).isEqualTo(100);
        assertThat(limiter.take("bob", now)).as("every user has a bucket of their own").isZero();
        assertThat(limiter.take("alice", now + 99)).isEqualTo(1);
        assertThat(limiter.take("alice", now + 100)).isZero();
    }

    @Test
    void itDecidesExactlyAsTheTopologysBucketDoes() {
        Random r = new Random(11);
        List<Long> local = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        TokenBucket.State state = null;
        long now = 5_000;
        for (int i = 0; i < 5_000; i++) {
            now += r.nextInt(4) == 0 ? r.nextInt(3_000) : r.nextInt(30);
            local.add(limiter.take("u", now));
            TokenBucket.Decision d = bucket.take(state, now);
            state = d.state();
            reference.add(d.retryAfterMs());
        }
        assertThat(local).isEqualTo(reference).contains(0L).anyMatch(ms -> ms > 0);
    }

    @Test
    void fullBucketsAreForgotten() {
        limiter.take("alice", 0);
        limiter.take("bob", 1_000);
        limiter.evictFull(150);
        assertThat(limiter.size()).isEqualTo(1);
        limiter.evictFull(1_100);
        assertThat(limiter.size()).isZero();
    }
}
