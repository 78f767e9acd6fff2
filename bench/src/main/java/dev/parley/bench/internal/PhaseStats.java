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
    /** From the user's send (its intended time) to the load driver's call that hands it to its client. */
    final ConcurrentHistogram handedOver = new ConcurrentHistogram(HIGHEST, 3);
    /** From the user's send to its client's first attempt: how long the client itself held it. */
    final ConcurrentHistogram firstAttempt = new ConcurrentHistogram(HIGHEST, 3);
    /** From the user's send to the attempt the edge admitted: the refusals and holds before it. */
    final ConcurrentHistogram beforeAdmitted = new ConcurrentHistogram(HIGHEST, 3);
    /** How long each of the clients' sweeps (every device's resends, one round every 100 ms) took. */
    final ConcurrentHistogram sweeps = new ConcurrentHistogram(HIGHEST, 2);
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

    void handedOver(long nanos) {
        handedOver.recordValue(clamp(nanos));
    }

    /** From the user's send to the driver's call. */
    public Percentiles handedOverPercentiles() {
        return Percentiles.ofMicros(handedOver);
    }

    void firstAttempt(long nanos) {
        firstAttempt.recordValue(clamp(nanos));
    }

    void beforeAdmitted(long nanos) {
        beforeAdmitted.recordValue(clamp(nanos));
    }

    void sweep(long nanos) {
        sweeps.recordValue(clamp(nanos));
    }

    /** How long the clients' sweeps took. */
    public Percentiles sweepPercentiles() {
        return Percentiles.ofMicros(sweeps);
    }

    /** From the user's send to its first attempt. */
    public Percentiles firstAttemptPercentiles() {
        return Percentiles.ofMicros(firstAttempt);
    }

    /** From the user's send to the attempt that was admitted. */
    public Percentiles beforeAdmittedPercentiles() {
        return Percentiles.ofMicros(beforeAdmitted);
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
