package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.observe.HealthCheck;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsHealthTest {
    final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    final HealthCheck ready = StreamsHealth.ready(state::get);
    final HealthCheck live = StreamsHealth.live(state::get);

    @Test
    void readyOnlyWhileRunning() {
        for (State s : State.values()) {
            state.set(s);
            assertThat(ready.check()).as(s.name()).isEqualTo(s == State.RUNNING
                    ? HealthCheck.Result.up("RUNNING") : HealthCheck.Result.down(s.name()));
        }
    }

    @Test
    void aRebalanceMakesItUnreadyAndRunningAgainReady() {
        state.set(State.RUNNING);
        assertThat(ready.check().up()).isTrue();
        state.set(State.REBALANCING);
        assertThat(ready.check()).isEqualTo(HealthCheck.Result.down("REBALANCING"));
        assertThat(live.check().up()).isTrue();
        state.set(State.RUNNING);
        assertThat(ready.check().up()).isTrue();
    }

    @Test
    void notLiveOnceFailedOrStopped() {
        for (State s : State.values()) {
            state.set(s);
            boolean dead = s == State.ERROR || s == State.PENDING_ERROR || s == State.NOT_RUNNING;
            assertThat(live.check()).as(s.name()).isEqualTo(new HealthCheck.Result(!dead, s.name()));
        }
    }
}
