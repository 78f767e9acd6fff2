package dev.parley.topology;

import dev.parley.common.observe.HealthCheck;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * The health checks on the streams client's state. Ready only while RUNNING: while it rebalances
 * or restores its stores it processes nothing, so commands wait. Live unless it has stopped or is
 * failing (ERROR, PENDING_ERROR, NOT_RUNNING): a restart is then what helps. CREATED counts as live,
 * since the observe server starts before the client does.
 */
final class StreamsHealth {
    private StreamsHealth() {
    }

    static HealthCheck ready(Supplier<State> state) {
        return () -> {
            State s = state.get();
            return s == State.RUNNING ? HealthCheck.Result.up(s.name()) : HealthCheck.Result.down(s.name());
        };
    }

    static HealthCheck live(Supplier<State> state) {
        return () -> {
            State s = state.get();
            return switch (s) {
                case ERROR, PENDING_ERROR, NOT_RUNNING -> HealthCheck.Result.down(s.name());
                default -> HealthCheck.Result.up(s.name());
            };
        };
    }
}
