package dev.parley.edge.internal.kafka;

import dev.parley.common.service.Timer;
import dev.parley.edge.ProducerLinger;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A producer linger that follows the node's send rate ({@link ProducerLinger}). The producer itself
 * lingers the busy time; while the node sends less than the busy rate, a send is released after the
 * quiet linger instead, by a flush of the producer {@code quiet} after the first send of a window.
 *
 * <p>Why: what a message costs the topology and the sinks is mostly what each fetch, poll and
 * transaction costs, divided by the messages in it; at 800 msgs/s on one node a fixed 20 ms instead
 * of 5 took Parley's CPU per message from 0.855 to 0.734 ms, but at 50 and 100 msgs/s a send waited
 * its whole linger alone (delivery p50 29 ms instead of 15-18). So sends wait longer only when there
 * are enough of them to share a request (docs/performance.md, "The edge's linger follows its send
 * rate").
 *
 * <p>The rate is an exponentially weighted average over about a second of the sends counted
 * between two windows, updated on the timer's thread only; a flush blocks that thread until the
 * window's sends are acknowledged, and sends meanwhile go out at once (Kafka's flush makes every
 * batch ready while it runs).
 */
final class LingerPacer {
    /** Time constant of the rate's average: a node switches within a second or two of its rate changing. */
    static final Duration RATE_TIME_CONSTANT = Duration.ofSeconds(1);

    private final Runnable flush;
    private final Duration quiet;
    private final Duration busy;
    private final double busyRate;
    private final Timer timer;
    private final LongSupplier nanoTime;
    private final LongAdder sends = new LongAdder();
    private final AtomicBoolean windowOpen = new AtomicBoolean();
    /** Written by the timer's task only (windows never overlap: the next opens when this one is released). */
    private volatile double rate;
    private long counted;
    private long lastNanos;

    LingerPacer(Runnable flush, ProducerLinger linger, Timer timer, LongSupplier nanoTime) {
        this.flush = flush;
        this.quiet = linger.quiet();
        this.busy = linger.busy();
        this.busyRate = linger.busyRate();
        this.timer = timer;
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
    }

    /**
     * A send was handed to the producer; the first of a window schedules its release. A busy node's
     * window is the busy linger: its release flushes nothing and only measures the rate, so it need
     * not wake the timer's thread every few milliseconds.
     */
    void sent() {
        sends.increment();
        if (windowOpen.compareAndSet(false, true)) {
            try {
                timer.schedule(rate < busyRate ? quiet : busy, this::release);
            } catch (RejectedExecutionException e) {
                // Closing: the producer's close sends what is left; the send itself must not fail for it.
            }
        }
    }

    /** The node's send rate as last measured, per second. */
    double rate() {
        return rate;
    }

    private void release() {
        long now = nanoTime.getAsLong();
        long total = sends.sum();
        double seconds = Math.max(1e-6, (now - lastNanos) / 1e9);
        double weight = 1 - Math.exp(-seconds / (RATE_TIME_CONSTANT.toNanos() / 1e9));
        rate += ((total - counted) / seconds - rate) * weight;
        counted = total;
        lastNanos = now;
        // Reopened before the flush: a send during it starts the next window.
        windowOpen.set(false);
        if (rate < busyRate) {
            flush.run();
        }
    }
}
