package dev.parley.bench.internal;

import java.util.EnumMap;
import java.util.Map;
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
    private final Map<Wait, ConcurrentHistogram> waits = new EnumMap<>(Wait.class);
    final LongAdder catchUpDeliveries = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder abandoned = new LongAdder();

    /** Where a send waits in its client before the attempt that is admitted; {@link #key} names it in the results. */
    public enum Wait {
        /** From the user's send (its intended time) to the load driver's call that hands it to its client. */
        HANDED_OVER("handed_over"),
        /** From the user's send to its client's first attempt: how long the client itself held it. */
        FIRST_ATTEMPT("first_attempt"),
        /** From the user's send to the attempt the edge admitted: the refusals and holds before it. */
        BEFORE_ADMITTED("before_admitted"),
        /** Not a send's wait: how long each of the clients' sweeps (every device's resends, every 100 ms) took. */
        CLIENT_SWEEP("client_sweep");

        public final String key;

        Wait(String key) {
            this.key = key;
        }
    }

    PhaseStats(String name) {
        this.name = name;
        for (Wait w : Wait.values()) {
            waits.put(w, new ConcurrentHistogram(HIGHEST, 3));
        }
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

    void waited(Wait wait, long nanos) {
        waits.get(wait).recordValue(clamp(nanos));
    }

    public Percentiles percentiles(Wait wait) {
        return Percentiles.ofMicros(waits.get(wait));
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
