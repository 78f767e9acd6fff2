package dev.parley.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** Measured numbers of the ITs: printed and appended to {@code target/topology-it-report.txt}. */
final class ItReport {
    static final Path FILE = Path.of("target", "topology-it-report.txt");

    private ItReport() {
    }

    static void line(String text) {
        String l = Instant.now() + " " + text;
        System.out.println("[it-report] " + l);
        try {
            Files.writeString(FILE, l + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + FILE + ": " + e.getMessage());
        }
    }

    static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    /** p50 / p99 / max of durations in nanoseconds, in milliseconds with one decimal. */
    static String percentiles(long[] nanos) {
        if (nanos.length == 0) {
            return "no samples";
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms mean=%.1f ms", s.length,
                at(s, 0.50) / 1e6, at(s, 0.99) / 1e6, s[s.length - 1] / 1e6, Arrays.stream(s).average().orElse(0) / 1e6);
    }

    /** The nearest-rank percentile. */
    static long at(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
