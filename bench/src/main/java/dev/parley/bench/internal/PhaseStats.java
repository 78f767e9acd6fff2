package dev.parley.bench.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/** Ack and delivery latency of one phase (HdrHistogram, microseconds, 3 significant digits). */
public final class PhaseStats {
    private static final long HIGHEST = TimeUnit.MINUTES.toMicros(10);
    final String name;
    final ConcurrentHistogram ack = new ConcurrentHistogram(HIGHEST, 3);
    final ConcurrentHistogram delivery = new ConcurrentHistogram(HIGHEST, 3);
    /** From the attempt the edge admitted to its ack: what a send that was not shed waited. */
    final ConcurrentHistogram admitted = new ConcurrentHistogram(HIGHEST, 3);
    final LongAdder catchUpDeliveries = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder abandoned = new LongAdder();

    PhaseStats(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void ack(long nanos) {
        ack.recordValue(clamp(nanos));
    }

    void delivery(long nanos, boolean live) {
        delivery.recordValue(clamp(nanos));
        if (!live) {
            catchUpDeliveries.increment();
        }
    }

    void admitted(long nanos) {
        admitted.recordValue(clamp(nanos));
    }

    /** Ack latency of the attempt that was admitted (without the waits of sends the edge shed). */
    public Percentiles admittedPercentiles() {
        return Percentiles.ofMicros(admitted);
    }

    public Percentiles ackPercentiles() {
        return Percentiles.ofMicros(ack);
    }

    public Percentiles deliveryPercentiles() {
        return Percentiles.ofMicros(delivery);
    }

    /** Deliveries that came by catch-up (history) rather than as a live frame. */
    public long catchUpDeliveries() {
        return catchUpDeliveries.sum();
    }

    /** Error frames other than {@code rate_limited} (which a client just retries). */
    /** Sends of any phase that their clients gave up during this one. */
    public long abandoned() {
        return abandoned.sum();
    }

    public long errors() {
        return errors.sum();
    }

    private static long clamp(long nanos) {
        return Math.min(HIGHEST, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }
}
