package dev.parley.common.redis;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long callers wait for Redis's answers with one periodic sweep for all of them, instead
 * of a timer per call.
 *
 * <p>Why: a timed wait on a virtual thread ({@code CompletableFuture.get(timeout)}) hands a timeout
 * task to the virtual-thread scheduler's delay thread and cancels it when the answer arrives, which
 * wakes that thread twice per call. On the edge, whose every send waits for the shared send limit,
 * that was 7 % of the process's CPU at 800 sends a second (async-profiler, docs/performance.md "The
 * send limit's wait"). Here a caller parks untimed; a sweep every quarter of the timeout fails each
 * answer that has waited longer than the timeout, so a wait lasts at most the timeout and a quarter.
 * The Redis client's own command timeout (the URI's, seconds) still ends a wait if no sweep runs.
 */
public final class AnswerDeadlines {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerDeadlines.class);

    private record Pending(CompletableFuture<?> answer, long deadlineNanos) {
    }

    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final long timeoutNanos;
    private final LongSupplier nanoTime;

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    public AnswerDeadlines(Duration timeout, LongSupplier nanoTime) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Sweeps every quarter of the timeout on {@code scheduler} until the returned future is cancelled. */
    public ScheduledFuture<?> sweepOn(ScheduledExecutorService scheduler) {
        long period = Math.max(1, timeoutNanos / 4);
        return scheduler.scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for {@code answer} without a timer of its own.
     *
     * @throws ExecutionException with a {@link TimeoutException} as its cause when a sweep found it
     *                            past its deadline, or the answer's own failure
     */
    public <T> T await(CompletableFuture<T> answer) throws InterruptedException, ExecutionException {
        if (!answer.isDone()) {
            pending.add(new Pending(answer, nanoTime.getAsLong() + timeoutNanos));
        }
        return answer.get();
    }

    /** Forgets the answers that arrived and fails those past their deadline; returns how many it failed. */
    public int sweep() {
        long now = nanoTime.getAsLong();
        int failed = 0;
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.answer().isDone()) {
                it.remove();
            } else if (now - p.deadlineNanos() >= 0) {
                if (p.answer().completeExceptionally(new TimeoutException(
                        "no answer from Redis within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms"))) {
                    failed++;
                }
                it.remove();
            }
        }
        return failed;
    }

    /** Waits being tracked (answered ones until the next sweep): for tests. */
    int tracked() {
        return pending.size();
    }

    /** A scheduled task that throws is never run again: the sweep must not. */
    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweeping Redis answer deadlines failed", e);
        }
    }
}
