package dev.parley.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerDeadlinesTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AnswerDeadlines deadlines = new AnswerDeadlines(Duration.ofMillis(200), nanos::get);

    @Test
    void anAnswerAlreadyThereIsReturnedAndNotTracked() throws Exception {
        assertThat(deadlines.await(CompletableFuture.completedFuture(7L))).isEqualTo(7L);
        assertThat(deadlines.tracked()).isZero();
    }

    @Test
    void aSweepFailsOnlyTheAnswersPastTheirDeadline() throws Exception {
        CompletableFuture<Long> late = new CompletableFuture<>();
        CompletableFuture<Throwable> waiterGot = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                waiterGot.complete(new AssertionError("returned " + deadlines.await(late)));
            } catch (Exception e) {
                waiterGot.complete(e);
            }
        });
        awaitTracked(1);
        nanos.addAndGet(Duration.ofMillis(199).toNanos());
        assertThat(deadlines.sweep()).isZero();
        assertThat(late).isNotDone();

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(deadlines.sweep()).isEqualTo(1);
        waiter.join(5_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(waiterGot.get()).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(late).isCompletedExceptionally();
        assertThat(deadlines.tracked()).isZero();
    }

    @Test
    void anAnswerThatArrivesInTimeIsReturnedAndForgottenAtTheNextSweep() throws Exception {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        CompletableFuture<Long> got = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                got.complete(deadlines.await(answer));
            } catch (Exception e) {
                got.completeExceptionally(e);
            }
        });
        awaitTracked(1);
        answer.complete(3L);
        assertThat(got.get()).isEqualTo(3L);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(deadlines.sweep()).isZero(); // answered: not failed however late the sweep
        assertThat(deadlines.tracked()).isZero();
    }

    @Test
    void theAnswersOwnFailureIsWhatTheCallerGets() {
        CompletableFuture<Long> refused = CompletableFuture.failedFuture(new IllegalStateException("NOSCRIPT"));
        assertThatThrownBy(() -> deadlines.await(refused)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void sweepsOnASchedulerEndAWaitWithinTheTimeoutAndAQuarter() throws Exception {
        AnswerDeadlines real = new AnswerDeadlines(Duration.ofMillis(40), System::nanoTime);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> sweeps = real.sweepOn(scheduler);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> real.await(new CompletableFuture<Long>()))
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
        } finally {
            sweeps.cancel(false);
            scheduler.shutdownNow();
        }
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> new AnswerDeadlines(Duration.ZERO, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void awaitTracked(int n) throws InterruptedException {
        for (int i = 0; i < 500 && deadlines.tracked() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(deadlines.tracked()).isEqualTo(n);
    }
}
