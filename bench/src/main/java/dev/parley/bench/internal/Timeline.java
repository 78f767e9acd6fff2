package dev.parley.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Delivery latency and throughput second by second over the whole run, and marks where a phase or
 * a fault began: what the latency-over-time plot draws. Beside them, by the second an ack arrived,
 * the latency of the attempt that got it (from that attempt, not from when the send was typed): under
 * overload it says which seconds the admitted sends waited in, where a step's percentile does not.
 * And the round trip of the probes' pings ({@link BenchSession#probe}), by the second the pong
 * arrived: what the way between client and edge alone takes in the same seconds (seconds are those
 * of the deliveries, acks and completions; a ping outside them is counted in no second).
 */
public final class Timeline {
    /** One second: delivery latency percentiles (ms) and messages acked-and-shown-everywhere. */
    public record Second(long second, double p50, double p99, long deliveries, long completed,
                         double admittedP50, double admittedP99, long admitted, double pingP50, double pingP99,
                         long pings) {}

    /** A named instant (a phase or a fault). */
    public record Mark(double second, String label, boolean fault) {}

    private final long t0;
    private final ConcurrentSkipListMap<Long, ConcurrentHistogram> latency = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, ConcurrentHistogram> admitted = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, ConcurrentHistogram> pings = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, java.util.concurrent.atomic.LongAdder> completed = new ConcurrentSkipListMap<>();
    private final List<Mark> marks = new CopyOnWriteArrayList<>();

    public Timeline(long t0Nanos) {
        this.t0 = t0Nanos;
    }

    public double secondsAt(long nanos) {
        return (nanos - t0) / 1e9;
    }

    void delivery(long arrivalNanos, long latencyNanos) {
        record(latency, arrivalNanos, latencyNanos);
    }

    /** An ack arrived {@code latencyNanos} after the attempt it answers was sent. */
    void admitted(long ackNanos, long latencyNanos) {
        record(admitted, ackNanos, latencyNanos);
    }

    /** A probe's pong arrived {@code rttNanos} after its ping was sent (by the second the pong arrived). */
    void ping(long pongNanos, long rttNanos) {
        record(pings, pongNanos, rttNanos);
    }

    private void record(ConcurrentSkipListMap<Long, ConcurrentHistogram> bySecond, long nanos, long latencyNanos) {
        bySecond.computeIfAbsent(second(nanos), k -> new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 2))
                .recordValue(Math.min(TimeUnit.MINUTES.toMicros(10), Math.max(0, latencyNanos / 1000)));
    }

    void completed(long nanos) {
        completed.computeIfAbsent(second(nanos), k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    public void mark(long nanos, String label, boolean fault) {
        marks.add(new Mark(secondsAt(nanos), label, fault));
    }

    public List<Mark> marks() {
        return List.copyOf(marks);
    }

    public List<Second> seconds() {
        List<Second> out = new ArrayList<>();
        long first = Math.min(Math.min(firstKey(latency), firstKey(completed)), firstKey(admitted));
        long last = Math.max(Math.max(lastKey(latency), lastKey(completed)), lastKey(admitted));
        for (long s = first == Long.MAX_VALUE ? 0 : first; s <= last; s++) {
            ConcurrentHistogram h = latency.get(s);
            ConcurrentHistogram a = admitted.get(s);
            ConcurrentHistogram p = pings.get(s);
            var c = completed.get(s);
            out.add(new Second(s, ms(h, 50), ms(h, 99), h == null ? 0 : h.getTotalCount(), c == null ? 0 : c.sum(),
                    ms(a, 50), ms(a, 99), a == null ? 0 : a.getTotalCount(), ms(p, 50), ms(p, 99),
                    p == null ? 0 : p.getTotalCount()));
        }
        return out;
    }

    private static long firstKey(ConcurrentSkipListMap<Long, ?> m) {
        return m.isEmpty() ? Long.MAX_VALUE : m.firstKey();
    }

    private static long lastKey(ConcurrentSkipListMap<Long, ?> m) {
        return m.isEmpty() ? -1 : m.lastKey();
    }

    private static double ms(ConcurrentHistogram h, double percentile) {
        return h == null ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * The delivery latency (ms) at {@code percentile} over every delivery that arrived in seconds
     * {@code [from, to)}; 0 when none did (or the window is empty).
     */
    public double percentile(long from, long to, double percentile) {
        return percentile(latency, from, to, percentile);
    }

    /** The probes' round trip (ms) at {@code percentile} over the pongs that arrived in seconds {@code [from, to)}; 0 when none did. */
    public double pingPercentile(long from, long to, double percentile) {
        return percentile(pings, from, to, percentile);
    }

    private static double percentile(ConcurrentSkipListMap<Long, ConcurrentHistogram> bySecond, long from, long to,
                                     double percentile) {
        if (from >= to) {
            return 0;
        }
        ConcurrentHistogram all = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 2);
        bySecond.subMap(from, true, to, false).values().forEach(all::add);
        return all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * The first second in {@code [from, to)} from which every later second in that window with
     * deliveries had its delivery p99 within {@code limitMs}, or -1 when the window's last such
     * second was still over.
     */
    public static long settledAt(List<Second> seconds, long from, long to, long limitMs) {
        long settled = -1;
        for (Second s : seconds) {
            if (s.second() < from || s.second() >= to) {
                continue;
            }
            if (s.deliveries() > 0 && s.p99() > limitMs) {
                settled = -1;
            } else if (settled < 0) {
                settled = s.second();
            }
        }
        return settled;
    }

    /** {@code timeline.csv} of a run: one line per second. */
    public String csv() {
        StringBuilder csv = new StringBuilder(
                "second,delivery_p50_ms,delivery_p99_ms,deliveries,completed,admitted_ack_p50_ms,admitted_ack_p99_ms,acks,"
                        + "ping_rtt_p50_ms,ping_rtt_p99_ms,pings\n");
        for (Second s : seconds()) {
            csv.append(s.second()).append(',').append(s.p50()).append(',').append(s.p99()).append(',')
                    .append(s.deliveries()).append(',').append(s.completed()).append(',').append(s.admittedP50())
                    .append(',').append(s.admittedP99()).append(',').append(s.admitted()).append(',').append(s.pingP50())
                    .append(',').append(s.pingP99()).append(',').append(s.pings()).append('\n');
        }
        return csv.toString();
    }

    private long second(long nanos) {
        return Math.max(0, (nanos - t0) / 1_000_000_000L);
    }
}
