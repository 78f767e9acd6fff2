package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EagerCommitsTest {
    @Test
    void commitsAtOnceUpToTheRateThenOnTheIntervalUntilTheRateFalls() {
        EagerCommits eager = new EagerCommits(5);
        for (int i = 0; i < 5; i++) {
            assertThat(eager.record(1_000 + i * 10)).as("record %d", i).isTrue();
        }
        assertThat(eager.record(1_060)).isFalse();
        assertThat(eager.record(1_900)).isFalse(); // still 7 within the last second
        // Once the burst's slots have left the window the rate is light again.
        assertThat(eager.record(2_150)).isTrue();
    }

    @Test
    void aLongPauseForgetsEverything() {
        EagerCommits eager = new EagerCommits(2);
        eager.record(0);
        eager.record(1);
        assertThat(eager.record(2)).isFalse();
        assertThat(eager.record(60_000)).isTrue();
    }

    @Test
    void aClockThatStepsBackCountsInTheNewestSlot() {
        EagerCommits eager = new EagerCommits(2);
        assertThat(eager.record(5_000)).isTrue();
        assertThat(eager.record(4_000)).isTrue();
        assertThat(eager.record(4_990)).isFalse();
    }

    @Test
    void zeroNeverCommitsEarly() {
        assertThat(new EagerCommits(0).record(0)).isFalse();
    }
}
