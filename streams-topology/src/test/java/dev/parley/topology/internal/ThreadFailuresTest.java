package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final ThreadFailures failures = new ThreadFailures(clock);
    private final RuntimeException failure = new RuntimeException(new InvalidTxnStateException("invalid state"));

    @Test
    void aFailedThreadIsReplacedUntilThreadsKeepFailing() {
        for (int i = 0; i < ThreadFailures.MAX_REPLACEMENTS; i++) {
            assertThat(failures.handle(failure)).isEqualTo(REPLACE_THREAD);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(failures.handle(failure)).as("three within ten minutes: left to the supervisor").isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < ThreadFailures.MAX_REPLACEMENTS; i++) {
            assertThat(failures.handle(failure)).isEqualTo(REPLACE_THREAD);
        }
        clock.advance(ThreadFailures.WINDOW);
        assertThat(failures.handle(failure)).isEqualTo(REPLACE_THREAD);
        assertThat(failures.handle(failure)).isEqualTo(REPLACE_THREAD);
        clock.advance(Duration.ofMinutes(1));
        assertThat(failures.handle(failure)).isEqualTo(REPLACE_THREAD);
        assertThat(failures.handle(failure)).isEqualTo(SHUTDOWN_CLIENT);
    }
}
