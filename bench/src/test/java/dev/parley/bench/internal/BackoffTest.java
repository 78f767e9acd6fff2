package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysGrowWithTheAttemptAreJitteredAndCapped() {
        Backoff b = new Backoff(100, 5_000);
        for (int i = 0; i < 200; i++) {
            assertThat(b.delayMillis(0)).isBetween(50L, 100L);
            assertThat(b.delayMillis(3)).isBetween(400L, 800L);
            assertThat(b.delayMillis(30)).isBetween(2_500L, 5_000L);
        }
        assertThat(java.util.stream.IntStream.range(0, 50).mapToLong(i -> b.delayMillis(5)).distinct().count())
                .as("jittered").isGreaterThan(1);
    }
}
