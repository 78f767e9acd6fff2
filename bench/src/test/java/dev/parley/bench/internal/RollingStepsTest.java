package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rolling restart's pause per step is each conversation's longest wait among its messages sent in that step. */
class RollingStepsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void eachStepReportsTheLongestWaitOfEveryConversationSentDuringIt() {
        List<Flight> flights = List.of(
                done("c1", 1 * S, 1 * S + S / 10),     // step 1, 100 ms
                done("c1", 2 * S, 5 * S),              // step 1, 3 s: c1's pause
                done("c2", 3 * S, 3 * S + S / 2),      // step 1, 500 ms
                done("c2", 11 * S, 11 * S + S / 5),    // step 2, 200 ms
                new Flight("d", "c3", "p", 12 * S, 1)); // step 2, never done: counts until the end
        List<RollingSteps.Step> steps = RollingSteps.of(flights, List.of("topology", "topology-2"),
                new long[] {S, 10 * S}, new double[] {9.5, 10.1}, 14 * S);

        assertThat(steps).hasSize(2);
        RollingSteps.Step first = steps.get(0);
        assertThat(first.instance()).isEqualTo("topology");
        assertThat(first.restartSeconds()).isEqualTo(9.5);
        assertThat(first.sent()).isEqualTo(3);
        assertThat(first.conversations()).isEqualTo(2);
        assertThat(first.pauseMaxMs()).isEqualTo(3000.0);
        assertThat(first.pauseP50Ms()).isEqualTo(500.0);
        assertThat(first.conversationsOver2s()).isEqualTo(1);

        RollingSteps.Step second = steps.get(1);
        assertThat(second.sent()).isEqualTo(2);
        assertThat(second.pauseMaxMs()).as("c3 still waiting at the end").isEqualTo(2000.0);
        assertThat(second.conversationsOver2s()).as("2 s is not over 2 s").isZero();
    }

    @Test
    void aStepWithNoMessagesReportsZeros() {
        List<RollingSteps.Step> steps = RollingSteps.of(List.of(), List.of("topology"), new long[] {S}, new double[] {1}, 2 * S);
        assertThat(steps.get(0).conversations()).isZero();
        assertThat(steps.get(0).pauseMaxMs()).isZero();
    }

    private static Flight done(String conversation, long sent, long done) {
        Flight f = new Flight("d", conversation, "p", sent, 1);
        f.ackNanos = done;
        f.completeNanos = done;
        return f;
    }
}
