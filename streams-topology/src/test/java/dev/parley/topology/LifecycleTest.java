package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    final Lifecycle lifecycle = new Lifecycle();

    @Test
    void runningIsReadyAndTheEndIsReported() {
        lifecycle.onChange(State.REBALANCING, State.CREATED);
        lifecycle.onChange(State.RUNNING, State.REBALANCING);
        assertThat(lifecycle.awaitRunning(Duration.ofSeconds(1))).isNull();
        lifecycle.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
        lifecycle.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
        assertThat(lifecycle.awaitStopped()).isEqualTo(State.NOT_RUNNING);
    }

    @Test
    void anErrorWhileStartingIsAFailure() {
        lifecycle.onChange(State.REBALANCING, State.CREATED);
        lifecycle.onChange(State.PENDING_ERROR, State.REBALANCING);
        assertThat(lifecycle.awaitRunning(Duration.ofSeconds(1))).contains("PENDING_ERROR");
        lifecycle.onChange(State.ERROR, State.PENDING_ERROR);
        assertThat(lifecycle.awaitStopped()).isEqualTo(State.ERROR);
    }

    @Test
    void neverRunningTimesOut() {
        lifecycle.onChange(State.REBALANCING, State.CREATED);
        assertThat(lifecycle.awaitRunning(Duration.ofMillis(1))).contains("not RUNNING").contains("REBALANCING");
    }
}
