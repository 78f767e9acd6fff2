package dev.parley.bench.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed-load latency phase and the rising-load search for the knee. A step's throughput
 * counts the messages sent in it that were acked and shown on every member's device by 2 s after
 * the step (persistence is checked for all of them by the consistency checker at the end).
 */
public final class LoadPhases {
    /** One load step. {@code sustained} = its p99 and completion are within the limits. */
    public record Step(String phase, double offeredPerSecond, long offered, double throughputPerSecond,
            double completedFraction, Percentiles ack, Percentiles delivery, boolean sustained) {}

    private static final Duration SETTLE = Duration.ofSeconds(2);
    static final int MAX_DOWN_STEPS = 2;
    private static final double MIN_RATE = 5;
    private final Tracker tracker;
    private final LoadDriver driver;
    private final PrintStream log;

    public LoadPhases(Tracker tracker, LoadDriver driver, PrintStream log) {
        this.tracker = tracker;
        this.driver = driver;
        this.log = log;
    }

    /** Offers {@code rate} for {@code duration} as phase {@code name}. */
    public Step step(String name, double rate, Duration duration, Duration p99Limit) {
        return step(name, rate, duration, p99Limit, () -> { });
    }

    /** Like {@link #step(String, double, Duration, Duration)}; {@code whenOffered} runs as the last send is offered, before the settling time. */
    public Step step(String name, double rate, Duration duration, Duration p99Limit, Runnable whenOffered) {
        PhaseStats stats = tracker.startPhase(name);
        long offered = driver.run(rate, duration);
        whenOffered.run();
        long end = System.nanoTime();
        BenchSession.sleep(SETTLE.toMillis());
        long cutoff = end + SETTLE.toNanos();
        List<Flight> flights = tracker.flights(name);
        long done = flights.stream().filter(f -> f.done() && f.doneNanos() <= cutoff).count();
        // The offered window, not the wall time of run(): that also waits for the last sends to be written.
        double seconds = duration.toNanos() / 1e9;
        Percentiles delivery = stats.deliveryPercentiles();
        double fraction = offered == 0 ? 0 : (double) done / offered;
        boolean sustained = fraction >= 0.95 && delivery.p99() <= p99Limit.toMillis();
        Step s = new Step(name, rate, offered, done / seconds, fraction, stats.ackPercentiles(), delivery, sustained);
        log.printf("  %-12s offered %6.0f/s  done %7.1f/s (%3.0f %%)  ack p50 %6.1f p99 %7.1f ms  delivery p50 %6.1f p99 %7.1f ms%s%n",
                name, rate, s.throughputPerSecond(), fraction * 100, s.ack().p50(), s.ack().p99(), delivery.p50(),
                delivery.p99(), sustained ? "" : "  <- past the knee");
        return s;
    }

    /**
     * Steps from {@code start}, times {@code factor} each, until one is not sustained or
     * {@code maxSteps}. When even the first step is not sustained (a slow or busy machine), it
     * steps down instead, {@value #MAX_DOWN_STEPS} times at most, to find a rate that is.
     */
    public List<Step> knee(int start, double factor, int maxSteps, Duration step, Duration p99Limit) {
        List<Step> steps = new ArrayList<>();
        double rate = start;
        steps.add(step("knee-" + Math.round(rate), rate, step, p99Limit));
        if (!steps.getFirst().sustained()) {
            for (int i = 0; i < MAX_DOWN_STEPS && rate / factor >= MIN_RATE; i++) {
                rate /= factor;
                Step s = step("knee-" + Math.round(rate), rate, step, p99Limit);
                steps.add(s);
                if (s.sustained()) {
                    break;
                }
            }
            return steps;
        }
        for (int i = 1; i < maxSteps; i++) {
            rate *= factor;
            Step s = step("knee-" + Math.round(rate), rate, step, p99Limit);
            steps.add(s);
            if (!s.sustained()) {
                break;
            }
        }
        return steps;
    }

    /** The best throughput among the sustained steps (0 if none was). */
    public static double sustainedThroughput(List<Step> steps) {
        return steps.stream().filter(Step::sustained).mapToDouble(Step::throughputPerSecond).max().orElse(0);
    }
}
