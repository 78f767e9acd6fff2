package dev.parley.bench.internal;

import org.HdrHistogram.AbstractHistogram;

/** Latency percentiles in milliseconds, as the results file reports them. */
public record Percentiles(long count, double p50, double p99, double p999, double max) {

    /** From a histogram of microseconds. */
    public static Percentiles ofMicros(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        return new Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
