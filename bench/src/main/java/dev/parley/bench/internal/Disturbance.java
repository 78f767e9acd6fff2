package dev.parley.bench.internal;

import java.util.Comparator;
import java.util.List;

/**
 * What a fault's disturbed messages waited for, so that a slow recovery says where to look: the
 * sender's ack (the pipeline did not answer), the recipients' devices (it was answered but not shown),
 * a catch-up (the device that showed it last got it from history, after a reconnect or a gap), or a
 * resend (the client had to send it again: refused, unanswered, or its socket lost). The message that
 * was done last decides the recovery time, so it is described on its own.
 *
 * @param ackLate           acked more than the slow threshold after it was sent
 * @param shownLate         shown on its last device more than the slow threshold after it was sent
 * @param shownByCatchUp    of {@code shownLate}, those whose last device got it by catch-up
 * @param resent            sent more than once by its client
 * @param last              the disturbed message done last; null when none was disturbed
 */
public record Disturbance(long ackLate, long shownLate, long shownByCatchUp, long resent, Last last) {
    public static final Disturbance NONE = new Disturbance(0, 0, 0, 0, null);

    /**
     * The message done last.
     *
     * @param sentSeconds  when it was sent, from the fault (negative: before it)
     * @param ackSeconds   from its send until its ack
     * @param shownSeconds from its send until it was shown on every member's device
     * @param attempts     how many times its client sent it
     * @param byCatchUp    whether its last device got it by catch-up
     */
    public record Last(double sentSeconds, double ackSeconds, double shownSeconds, int attempts, boolean byCatchUp) {
    }

    /** Of done flights already judged disturbed; {@code faultNanos} is the fault's start. */
    static Disturbance of(List<Flight> disturbed, long slowNanos, long faultNanos) {
        if (disturbed.isEmpty()) {
            return NONE;
        }
        long ackLate = 0;
        long shownLate = 0;
        long byCatchUp = 0;
        long resent = 0;
        for (Flight f : disturbed) {
            ackLate += f.ackNanos - f.sendNanos > slowNanos ? 1 : 0;
            if (f.completeNanos - f.sendNanos > slowNanos) {
                shownLate++;
                byCatchUp += f.lastShownLive ? 0 : 1;
            }
            resent += f.attempts.get() > 1 ? 1 : 0;
        }
        Flight l = disturbed.stream().max(Comparator.comparingLong(Flight::doneNanos)).orElseThrow();
        Last last = new Last(seconds(l.sendNanos - faultNanos), seconds(l.ackNanos - l.sendNanos),
                seconds(l.completeNanos - l.sendNanos), l.attempts.get(), !l.lastShownLive);
        return new Disturbance(ackLate, shownLate, byCatchUp, resent, last);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
