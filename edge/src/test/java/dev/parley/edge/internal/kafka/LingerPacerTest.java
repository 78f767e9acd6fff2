package dev.parley.edge.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.service.Timer;
import dev.parley.edge.ProducerLinger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LingerPacerTest {
    static final ProducerLinger LINGER = new ProducerLinger(Duration.ofMillis(5), Duration.ofMillis(20), 400);

    long nanos = 1_000_000_000L;
    int flushes;
    long scheduledAt;
    long delayNanos;
    final List<Runnable> due = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();
    final Timer timer = (delay, task) -> {
        delays.add(delay);
        due.add(task);
        scheduledAt = nanos;
        delayNanos = delay.toNanos();
    };
    final LingerPacer pacer = new LingerPacer(() -> flushes++, LINGER, timer, () -> nanos);

    /**
     * {@code perWindow} sends every {@code periodMs}; each window is released when its delay has
     * passed (the quiet linger, or the busy one, which then spans several periods).
     */
    void windows(int count, int perWindow, long periodMs) {
        for (int w = 0; w < count; w++) {
            for (int i = 0; i < perWindow; i++) {
                pacer.sent();
            }
            for (long t = 0; t < periodMs; t++) {
                advance(1);
                releaseDue();
            }
        }
    }

    void releaseDue() {
        if (!due.isEmpty() && nanos - scheduledAt >= delayNanos) {
            Runnable task = due.removeFirst();
            task.run();
        }
    }

    void advance(long ms) {
        nanos += ms * 1_000_000L;
    }

    @Test
    void oneReleaseAWindowAfterTheQuietLingerHoweverManySends() {
        pacer.sent();
        pacer.sent();
        pacer.sent();
        assertThat(due).hasSize(1);
        assertThat(delays).containsExactly(Duration.ofMillis(5));
        due.removeFirst().run();
        pacer.sent();
        assertThat(due).hasSize(1);
    }

    @Test
    void aQuietNodeFlushesEveryWindowSoNoSendWaitsTheBusyLinger() {
        windows(300, 1, 10); // 100 sends a second for 3 s
        assertThat(flushes).isEqualTo(300);
        assertThat(pacer.rate()).isBetween(80.0, 120.0);
    }

    @Test
    void aBusyNodeStopsFlushingWithinASecondAndStartsAgainWhenItCalmsDown() {
        windows(400, 4, 5); // 800 a second for 2 s
        int whileBusy = flushes;
        windows(200, 4, 5); // another second
        assertThat(flushes).as("no flush once the rate is known to be busy").isEqualTo(whileBusy);
        assertThat(delays.getLast()).as("a busy node's window is the busy linger").isEqualTo(Duration.ofMillis(20));
        assertThat(whileBusy).as("the first windows, before the average rose past 400").isBetween(1, 200);
        assertThat(pacer.rate()).isBetween(700.0, 900.0);

        windows(150, 1, 20); // 50 a second for 3 s
        int calm = flushes;
        windows(50, 1, 20);
        assertThat(flushes - calm).as("every window flushed again").isEqualTo(50);
        assertThat(pacer.rate()).isLessThan(100.0);
    }

    @Test
    void aNodeJustBelowTheBusyRateKeepsTheQuietLinger() {
        windows(600, 3, 10); // 300 a second for 6 s
        int before = flushes;
        windows(100, 3, 10);
        assertThat(flushes - before).isEqualTo(100);
    }

    @Test
    void aSendWhileTheTimerIsShutDownDoesNotFail() {
        LingerPacer closing = new LingerPacer(() -> flushes++, LINGER, (delay, task) -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, () -> nanos);

        closing.sent();
        closing.sent();

        assertThat(flushes).isZero();
    }
}
