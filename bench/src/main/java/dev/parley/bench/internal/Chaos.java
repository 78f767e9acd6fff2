package dev.parley.bench.internal;

import dev.parley.devstack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Faults in turn under steady load: SIGKILL of an edge (its clients reconnect to the other edge),
 * of one of two topology instances, of one of two sinks, and a stop/start of Kafka, Cassandra and
 * Redis, and a rolling restart of the two topology instances and of the two sinks (each stopped
 * cleanly and started again in turn, as a deploy does). A stopped server is started again after {@code down}. A killed service is started again
 * only once its fault has been judged, and the next fault waits {@code settle} after that: failover
 * must not wait for the lost instance, and its restart (tens of seconds of JIT compilation on the
 * same two cores) would otherwise be measured as part of the failover, which in a deployment runs on
 * other machines. A restarted server gets the same {@code settle} once its fault is judged: a
 * Cassandra back from 40 s down compiles cold and takes in the sinks' backlog of history writes for
 * tens of seconds, and the next fault would otherwise be measured in that spell instead of on its own.
 * Each fault is its own phase, so its sends can be judged on their own.
 *
 * <p>Recovery: the time from the fault until the last disturbed message (one sent from 2 s before
 * the fault on that took longer than {@code slowThreshold} to be acked and shown on every member's
 * device, catch-up included, and was not done before the fault) was shown everywhere, i.e. until
 * deliveries flowed normally again; 0 when no message was disturbed.
 */
public final class Chaos {
    /** One fault's outcome; {@code recoverySeconds} is -1 when some message was still not delivered. */
    public record FaultResult(String fault, double downSeconds, double recoverySeconds, long sent, long disturbed,
            double maxLatencyMs, List<RollingSteps.Step> steps, Disturbance waitedFor) {
        public FaultResult(String fault, double downSeconds, double recoverySeconds, long sent, long disturbed,
                double maxLatencyMs) {
            this(fault, downSeconds, recoverySeconds, sent, disturbed, maxLatencyMs, List.of(), Disturbance.NONE);
        }
    }

    /** Between the instances of a rolling restart: a deploy tool waits for readiness and a little more. */
    static final Duration ROLLING_PAUSE = Duration.ofSeconds(10);

    private final LocalStack stack;
    private final Tracker tracker;
    private final PrintStream log;

    public Chaos(LocalStack stack, Tracker tracker, PrintStream log) {
        this.stack = stack;
        this.tracker = tracker;
        this.log = log;
    }

    /**
     * A deploy: each instance in turn stopped cleanly (it leaves the group, its tasks move to the
     * other, which keeps standby copies of their stores) and started again, waiting until it is ready
     * and {@link #ROLLING_PAUSE} more before the next, as a rolling update does.
     */
    private void rollingRestart(List<String> instances, long[] stops, double[] restartSeconds) {
        for (int i = 0; i < instances.size(); i++) {
            String name = instances.get(i);
            stops[i] = System.nanoTime();
            stack.stopService(name);
            stack.startService(name);
            restartSeconds[i] = (System.nanoTime() - stops[i]) / 1e9;
            log.printf("  chaos: %s restarted cleanly in %.1f s%n", name, restartSeconds[i]);
            BenchSession.sleep(ROLLING_PAUSE.toMillis());
        }
    }

    /** The instances a {@code <tier>-rolling} fault restarts, in order; none for any other fault. */
    static List<String> rolled(String fault) {
        return switch (fault) {
            case "topology-rolling" -> List.of("topology", "topology-2");
            case "sinks-rolling" -> List.of("sinks", "sinks-2");
            default -> List.of();
        };
    }

    /** Injects one fault and waits out its observation window (and its stragglers, up to {@code limit}). */
    public FaultResult inject(String fault, Duration down, Duration observe, Duration settle, Duration slowThreshold,
            Duration limit) {
        String phase = "chaos:" + fault;
        String previous = tracker.phase().name();
        tracker.startPhase(phase, false);
        long t0 = System.nanoTime();
        tracker.timeline().mark(t0, fault, true);
        log.printf("  chaos: %s%n", fault);
        boolean failover = false;
        boolean restarted = false;
        long observeFrom = t0;
        List<String> rolled = rolled(fault);
        long[] stops = new long[rolled.size()];
        double[] restartSeconds = new double[rolled.size()];
        switch (fault) {
            case "edge", "topology", "sinks" -> {
                stack.killService(fault);
                failover = true;
            }
            case "kafka", "cassandra", "redis" -> {
                stack.stopInfra(fault);
                BenchSession.sleep(down.toMillis());
                stack.startInfra(fault);
                restarted = true;
            }
            case "topology-rolling", "sinks-rolling" -> {
                rollingRestart(rolled, stops, restartSeconds);
                observeFrom = System.nanoTime(); // its last step is watched as long as any fault
            }
            default -> throw new IllegalArgumentException(fault);
        }
        double downSeconds = (System.nanoTime() - t0) / 1e9;
        long observeEnd = observeFrom + observe.toNanos();
        while (System.nanoTime() < observeEnd) {
            BenchSession.sleep(100);
        }
        List<Flight> judged = new ArrayList<>(tracker.flights(phase));
        tracker.flights(previous).stream().filter(f -> f.sendNanos >= t0 - TimeUnit.SECONDS.toNanos(2)).forEach(judged::add);
        long stragglersEnd = System.nanoTime() + limit.toNanos();
        while (judged.stream().anyMatch(f -> !f.done()) && System.nanoTime() < stragglersEnd) {
            BenchSession.sleep(100);
        }
        long slow = slowThreshold.toNanos();
        long disturbed = 0;
        long lastDone = t0;
        boolean allDone = true;
        double maxLatency = 0;
        List<Flight> slowDone = new ArrayList<>();
        for (Flight f : judged) {
            if (!f.done()) {
                allDone = false;
                disturbed++;
                continue;
            }
            long latency = f.doneNanos() - f.sendNanos;
            maxLatency = Math.max(maxLatency, latency / 1e6);
            if (latency > slow && f.doneNanos() > t0) {
                disturbed++;
                lastDone = Math.max(lastDone, f.doneNanos());
                slowDone.add(f);
            }
        }
        double recovery = allDone ? (lastDone - t0) / 1e9 : -1;
        Disturbance waitedFor = Disturbance.of(slowDone, slow, t0);
        List<RollingSteps.Step> steps = !rolled.isEmpty()
                ? RollingSteps.of(tracker.flights(phase), rolled, stops, restartSeconds, System.nanoTime())
                : List.of();
        for (RollingSteps.Step s : steps) {
            log.printf("  chaos: step %s: its %d conversations paused p50 %.0f, p99 %.0f, max %.0f ms; %d over 2 s%n",
                    s.instance(), s.conversations(), s.pauseP50Ms(), s.pauseP99Ms(), s.pauseMaxMs(), s.conversationsOver2s());
        }
        if (failover) {
            stack.startService(fault);
            downSeconds = (System.nanoTime() - t0) / 1e9;
        }
        if (failover || restarted) {
            BenchSession.sleep(settle.toMillis());
        }
        log.printf("  chaos: %s %s %.1f s, recovered after %.1f s (%d of %d messages disturbed, max %.0f ms)%n",
                fault, failover ? "restarted after" : "down", downSeconds, recovery, disturbed, judged.size(), maxLatency);
        if (waitedFor.last() != null) {
            Disturbance.Last l = waitedFor.last();
            log.printf("  chaos: %s: %d acked late, %d shown late (%d of them last by catch-up), %d resent; the last, sent at"
                    + " %+.1f s, acked after %.1f s, shown after %.1f s (%s), %d attempt(s)%n", fault, waitedFor.ackLate(),
                    waitedFor.shownLate(), waitedFor.shownByCatchUp(), waitedFor.resent(), l.sentSeconds(), l.ackSeconds(),
                    l.shownSeconds(), l.byCatchUp() ? "by catch-up" : "live", l.attempts());
        }
        return new FaultResult(fault, downSeconds, recovery, tracker.flights(phase).size(), disturbed, maxLatency, steps,
                waitedFor);
    }
}
