package dev.parley.bench.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each step of a rolling restart held conversations up. Issue 12 asks how long a deploy
 * pauses each conversation, per step; the fault's recovery time cannot say it, since it runs from the
 * first stop to the last disturbed message and so includes every restart and the pauses between them.
 *
 * <p>A conversation's pause in a step is the longest any of its messages sent during the step took to
 * be acked and shown on every member's device (a message not done by {@code end} counts until then).
 * A step runs from its instance's stop until the next instance's stop, the last one until
 * {@code end}.
 */
public final class RollingSteps {
    /** One step: the instance restarted, how long it took to be ready again, and the conversations' pauses. */
    public record Step(String instance, double restartSeconds, long sent, int conversations, double pauseP50Ms,
            double pauseP99Ms, double pauseMaxMs, int conversationsOver2s) {}

    private RollingSteps() {
    }

    /**
     * @param flights      the messages of the fault's phase
     * @param instances    the instances in the order they were restarted
     * @param stepStarts   when each instance was stopped (nanoTime), ascending
     * @param restartSeconds how long each took from stop to ready
     * @param end          the end of the observation (nanoTime)
     */
    static List<Step> of(List<Flight> flights, List<String> instances, long[] stepStarts, double[] restartSeconds,
            long end) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepStarts.length; i++) {
            long from = stepStarts[i];
            long to = i + 1 < stepStarts.length ? stepStarts[i + 1] : end;
            Map<String, Long> pause = new HashMap<>();
            long sent = 0;
            for (Flight f : flights) {
                if (f.sendNanos < from || f.sendNanos >= to) {
                    continue;
                }
                sent++;
                long waited = (f.done() ? f.doneNanos() : Math.max(end, f.sendNanos)) - f.sendNanos;
                pause.merge(f.conversationId, waited, Math::max);
            }
            long[] sorted = pause.values().stream().mapToLong(Long::longValue).sorted().toArray();
            int over2s = (int) Arrays.stream(sorted).filter(n -> n > 2_000_000_000L).count();
            steps.add(new Step(instances.get(i), restartSeconds[i], sent, sorted.length, ms(at(sorted, 0.50)),
                    ms(at(sorted, 0.99)), ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), over2s));
        }
        return List.copyOf(steps);
    }

    /** Nearest-rank percentile of an ascending array; 0 when empty. */
    private static long at(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }
}
