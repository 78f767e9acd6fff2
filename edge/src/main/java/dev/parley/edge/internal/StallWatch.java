package dev.parley.edge.internal;

import java.time.Duration;

/**
 * Tells {@link SendBackpressure} when late answers are a stall rather than overload, so its first
 * rule (the oldest send waits too long behind a backlog) holds off.
 *
 * <p>A stall: sends are pending and this node has had no answer at all for longer than an answer
 * should take. A failover does that. When one topology instance dies, its open transaction holds
 * back every partition it wrote, this node's reply partition among them, until the broker aborts it
 * (session timeout and transaction timeout, 2 s each, plus the abort scan): 3–4 s of silence. The
 * pipeline is not busy meanwhile, so refusing sends does not relieve it; it only adds each refused
 * client's retry delay (up to 3 s with its jitter) to the stall. In the bench's full runs that was
 * the tail of every topology and sinks SIGKILL: the last message was refused 1–3 times and
 * recovery took 7–9 s. So a stall is waited out for the grace ({@code edge.overload.stall-grace}, {@link dev.parley.edge.EdgeLimits#STALL_GRACE} by default) before the rule applies again;
 * the second rule (no more pending than the pipeline answers in the maximum delay) applies
 * throughout.
 *
 * <p>When the answers come back, the stall's backlog comes back with them, all late. Those are the
 * sends waiting out the stall, not a queue that is growing, so the rule holds off until every send
 * admitted before the answers came back has been answered (or taken for stuck). Sends admitted while
 * that backlog drains queue behind it and are late too: they are excused if admitted within as long
 * again as the stall lasted (at most the grace), unless the answers were in time again before (the
 * drain was over). In the two full runs of 2026-12-06 on three brokers the survivor took 3.3 s to
 * take over and 2.5–4 s to drain, and the edges refused 9 and 76 sends admitted in that drain; the
 * last message of each run's topology SIGKILL was one of them. A stall of part of
 * the pipeline (the dead instance's transaction held back no reply of this node, only its own
 * partitions stopped) leaves the answers of the rest in time, so it is no overload while it lasts;
 * its backlog, answered late afterwards, is excused the same way: every send admitted while the
 * answers were still in time (in a full run that drain alone refused 33 sends; the topology
 * SIGKILL took 7.3 s),
 * for at most twice the maximum ack delay after the answers stopped being in time. A pipeline that
 * falls behind gradually looks the same for a moment, and the bound keeps its shedding that close.
 *
 * <p>Overload is not excused: a pipeline that falls behind still answers, late, and a silence that
 * follows late answers (a pipeline already behind that stops for a moment, as a machine busy with
 * a reconnect storm does) is overload getting worse, not a failover of a healthy pipeline. Not
 * thread-safe: {@link SendBackpressure} calls it under its own lock.
 */
final class StallWatch {
    private final long lateAfterMs;
    private final long graceMs;
    /** Since when sends have been pending without any answer; meaningful only while one is pending. */
    private long silentSinceMs;
    /** When the answers came back after the last stall; none yet: {@link Long#MIN_VALUE}. */
    private long answersBackMs = Long.MIN_VALUE;
    /** Sends admitted before this queue behind the last stall's backlog; none yet: {@link Long#MIN_VALUE}. */
    private long drainUntilMs = Long.MIN_VALUE;
    /** Whether the answers up to the last one were in time (nearly all of them): a silence after them is a stall. */
    private boolean healthy = true;
    /** The last answer after which the answers were still in time; none yet: {@link Long#MIN_VALUE}. */
    private long inTimeUntilMs = Long.MIN_VALUE;

    /** @param grace zero: a stall is overload like any other */
    StallWatch(long lateAfterMs, Duration grace, long nowMs) {
        this.lateAfterMs = lateAfterMs;
        this.graceMs = grace.toMillis();
        this.silentSinceMs = nowMs;
    }

    /** A send was admitted; {@code nonePending}: nothing else was waiting for an answer. */
    void admitted(long nowMs, boolean nonePending) {
        if (nonePending) {
            silentSinceMs = nowMs;
        }
    }

    /**
     * An answer to a pending send arrived.
     *
     * @param inTime whether the answers of the last second or so, this one included, were in time
     *               (fewer than one in {@link SendBackpressure#LATE_ONE_IN} late)
     */
    void answered(long nowMs, boolean inTime) {
        if (healthy && nowMs - silentSinceMs > lateAfterMs) {
            answersBackMs = nowMs;
            drainUntilMs = nowMs + Math.min(nowMs - silentSinceMs, graceMs);
        }
        silentSinceMs = nowMs;
        healthy = inTime;
        if (inTime) {
            inTimeUntilMs = nowMs;
            drainUntilMs = Math.min(drainUntilMs, nowMs);
        }
    }

    /** Answers could not arrive for a while (the node channel was down): that was no stall of the pipeline. */
    void restart(long nowMs) {
        silentSinceMs = nowMs;
    }

    /**
     * Whether the first rule should hold off now.
     *
     * @param oldestLiveMs when the oldest pending send that is not stuck was admitted
     */
    boolean excuses(long nowMs, long oldestLiveMs) {
        if (graceMs == 0) {
            return false;
        }
        long silentMs = nowMs - silentSinceMs;
        if (silentMs > lateAfterMs) {
            return healthy && silentMs < graceMs;
        }
        return oldestLiveMs < Math.max(answersBackMs, drainUntilMs)
                || oldestLiveMs <= inTimeUntilMs && nowMs - inTimeUntilMs <= 2 * lateAfterMs;
    }
}
