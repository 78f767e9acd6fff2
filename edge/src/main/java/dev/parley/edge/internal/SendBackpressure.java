package dev.parley.edge.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload shedding for sends, node-wide. It keeps the sends this node put into the log whose
 * {@code ack} (or refusal) has not reached their session yet, oldest first, and refuses a new send
 * at once with {@code unavailable} and {@code retryAfterMs}, before it reaches Kafka, when
 * <ul>
 *   <li>the oldest has waited longer than {@code maxAckDelay}, at least {@link #MIN_BACKLOG} are
 *       pending, and one in {@link #LATE_ONE_IN} or more of the answers of the last second or so
 *       came late: the pipeline is falling behind; or</li>
 *   <li>as many sends admitted within the last {@code maxAckDelay} are pending as the pipeline
 *       answers in that long at the rate it answered in the last second (Little's law, at least
 *       {@link #MIN_LIMIT}): without this bound, every send retried during a slow spell was
 *       admitted at once as soon as the oldest was answered, and that burst made the next spell.
 *       While a shedding spell is on, only what it answers in {@code sheddingAckDelay}: Little's law
 *       holds the admitted sends' median near the time this rule allows and their tail at about
 *       twice it, so the spell's bound is what keeps them in time, and the higher threshold that
 *       starts a spell keeps traffic that never crosses it from being held to the lower one.</li>
 * </ul>
 * So the backlog stops growing and the sends that are admitted keep their latency. Without it every
 * send was accepted under overload and everyone waited for a backlog that grew without bound.
 *
 * <p>A stall is not overload: with a stall grace ({@code edge.overload.stall-grace}, 5 s by
 * default; zero turns it off), while this node gets no answer at all (a failover), and while the stall's backlog is
 * answered afterwards, the first rule holds off for up to that long (see {@link StallWatch}).
 *
 * <p>A stalled part of the pipeline must not stop the whole node: a send not answered after
 * {@link #STUCK_AFTER} counts in neither rule, a late one not in the second, and while answers
 * still come back in time a late oldest send is a straggler, not overload. Both rules used to count
 * every pending send: after a broker restart left one topology instance rebalancing for 8 minutes,
 * the edge holding all 1,000 clients of the bench refused every send for 14 minutes, 6.6 million of
 * them, because the sends to that instance's partitions were never answered (the bench's chaos
 * phase, docs/performance.md). A send whose
 * answer never comes (its session closed, or the answer was lost with a node channel) goes with its
 * session or after {@link #FORGET_AFTER}. Thread-safe; every method is O(1) amortised but
 * {@link #forget} and {@link #takeAdmittedBefore}.
 */
public final class SendBackpressure {
    private static final Logger LOG = LoggerFactory.getLogger(SendBackpressure.class);
    /** An answer not back after this long is taken as lost (the client resends by its own timeout). */
    static final Duration FORGET_AFTER = Duration.ofSeconds(30);
    /**
     * A send waiting this long is held up by a stall of its own (a partition whose task is moving, a
     * lost answer), not by a backlog that refusing would drain: by then a backlog of sends admitted
     * after it tells more. Long enough that a whole pipeline that stopped (a broker restart) keeps
     * most new sends out until it is back: a few hundred every 5 s still go in and come out first.
     */
    static final Duration STUCK_AFTER = Duration.ofSeconds(5);
    /**
     * The pending sends always allowed, whatever the recent rate. A quiet node has answered few, yet
     * the pipeline behind it takes hundreds a second: at 64, the resends of clients that had just
     * moved over from a lost node (each resends everything unacked at once) were refused in waves for
     * 10–20 s while acks took 115 ms (chaos runs of the bench).
     */
    static final int MIN_LIMIT = 256;
    /**
     * A slow answer is overload only when sends queue up behind it. With fewer pending, a late ack
     * (a straggler, a pipeline slowed by a process that just started on the same cores, a stall
     * while a topology task moves) holds back no backlog worth refusing for, and refusing only adds
     * the client's retry delay (up to 2 s) to a pause that is often over by then: the bench's chaos
     * warm-up refused 1,386 sends in 20 s with 5 pending, and at 32 the 1–3 s stalls of a failover or
     * a rolling restart (20 sends a second per edge) still set off shedding. At 128 the same chaos
     * faults recovered after 3.2 and 3.9 s instead of 5.4 and 6.4 s (docs/performance.md). Real overload is
     * still refused: the second rule bounds the pending sends by the rate the pipeline answers.
     */
    static final int MIN_BACKLOG = 128;
    /**
     * The answers are in time while fewer than one in this many came late. At one in two (a
     * majority late) an overload of four times the knee held the admitted sends' median at the
     * threshold and left their tail at three times it: p50 800 ms, p99 2.2 s with 750 ms (the pairs
     * bench at 6,400 msgs/s offered, docs/performance.md "Overload at four times the knee"). A
     * straggler (one conversation's partition while its task moves) is still a few in a hundred.
     */
    static final int LATE_ONE_IN = 10;
    private static final long MIN_RETRY_MS = 500;
    /**
     * Past this a refused client waits longer than the stall it is waiting out: a 10 s stall with a
     * 5 s cap delayed the sends refused near its end by up to 5 s more.
     */
    private static final long MAX_RETRY_MS = 2_000;
    /**
     * A shedding spell ends only after this long without a refusal: near its limits the node admits
     * and refuses in turns, and an operator wants one line per spell, not two per flap.
     */
    static final long QUIET_MS = 1_000;

    private final Clock clock;
    private final long maxAckDelayMs;
    private final long sheddingAckDelayMs;
    private final int minBacklog;
    private final PendingSends pending;
    private final StallWatch stalls;
    /** Whether the last decision was a refusal: the operator is told when shedding starts and stops, not per send. */
    private boolean shedding;
    /** The node channel is down: answers cannot arrive, so their lateness says nothing of the pipeline. */
    private boolean answersLost;
    private long refusedWhileShedding;
    private long lastRefusalMs;
    private long windowStartMs;
    private int answeredInWindow;
    private int lateInWindow;
    private int answeredLastSecond;
    private int lateLastSecond;
    private final ForgottenSendsLog forgotten = new ForgottenSendsLog(FORGET_AFTER);

    /**
     * @param maxAckDelay      zero turns shedding off
     * @param sheddingAckDelay the second rule's time while a spell is on, at most {@code maxAckDelay}
     * @param stallGrace       how long a stall is waited out ({@link StallWatch}); zero: a stall is overload like any other
     */
    public SendBackpressure(Clock clock, Duration maxAckDelay, Duration sheddingAckDelay, Duration stallGrace) {
        this(clock, maxAckDelay, sheddingAckDelay, MIN_BACKLOG, stallGrace);
    }

    /**
     * @param minBacklog pending sends from which a late answer means overload (tests show the rules with 1)
     * @param stallGrace as above
     */
    SendBackpressure(Clock clock, Duration maxAckDelay, Duration sheddingAckDelay, int minBacklog,
                     Duration stallGrace) {
        this.clock = clock;
        this.maxAckDelayMs = maxAckDelay.toMillis();
        this.sheddingAckDelayMs = Math.min(sheddingAckDelay.toMillis(), maxAckDelayMs);
        this.minBacklog = minBacklog;
        this.pending = new PendingSends(maxAckDelayMs, STUCK_AFTER.toMillis());
        this.stalls = new StallWatch(maxAckDelayMs, stallGrace, clock.millis());
    }

    /**
     * Whether a send may go into the log now; if so it counts as pending until {@link #settled}.
     *
     * @return 0 when admitted, else the {@code retryAfterMs} to answer with
     */
    public synchronized long admit(String sessionId, String clientMsgId) {
        if (maxAckDelayMs == 0) {
            return 0;
        }
        long now = clock.millis();
        roll(now);
        pending.age(now);
        forgotten.add(pending.forgetBefore(now - FORGET_AFTER.toMillis()), now);
        if (shedding && now - lastRefusalMs >= QUIET_MS) {
            // Before the rules: a quiet second ends the spell, and with it the spell's tighter limit.
            shedding = false;
            LOG.info("no longer shedding sends; {} refused with unavailable meanwhile", refusedWhileShedding);
        }
        if (pending.live() > 0 && !answersLost) {
            long oldest = pending.oldestLive();
            long waited = now - oldest;
            if (waited > maxAckDelayMs && pending.live() >= minBacklog && !answersInTime()
                    && !stalls.excuses(now, oldest)) {
                // Twice the wait: about when the backlog has drained; clients add their own jitter.
                return refuse(Math.clamp(2 * waited, MIN_RETRY_MS, MAX_RETRY_MS), waited);
            }
            if (pending.fresh() >= limit()) {
                return refuse(spread(clientMsgId), waited);
            }
        }
        stalls.admitted(now, pending.live() == 0);
        pending.add(sessionId, clientMsgId, now);
        return 0;
    }

    /**
     * 500–999 ms, fixed per send: refused together, a burst must not come back together (clients add
     * jitter, but not all do), and a deterministic spread keeps this testable without randomness.
     */
    static long spread(String clientMsgId) {
        return MIN_RETRY_MS + Math.floorMod(clientMsgId.hashCode(), MIN_RETRY_MS);
    }

    private long refuse(long retryAfterMs, long oldestWaitedMs) {
        if (!shedding) {
            shedding = true;
            refusedWhileShedding = 0;
            LOG.warn("shedding sends: {} pending, the oldest waiting {} ms for its ack (limits: {} ms, {} pending);"
                    + " {} more unanswered after {} s not counted", pending.live(), oldestWaitedMs, maxAckDelayMs,
                    limit(), pending.stuck(), STUCK_AFTER.toSeconds());
        }
        refusedWhileShedding++;
        lastRefusalMs = clock.millis();
        return retryAfterMs;
    }

    /**
     * An admitted send that was refused before it went anywhere (its user's rate limit): forgotten
     * without counting as answered, so it tells nothing about how fast the pipeline answers.
     */
    public synchronized void withdraw(String sessionId, String clientMsgId) {
        pending.remove(sessionId, clientMsgId);
    }

    /**
     * The send's ack or refusal reached its session, or the send never got into the log.
     *
     * @return when it was admitted (epoch ms), or -1 when it was not pending: what times its ack
     */
    public synchronized long settled(String sessionId, String clientMsgId) {
        long admitted = pending.remove(sessionId, clientMsgId);
        if (admitted >= 0) {
            long now = clock.millis();
            roll(now);
            answeredInWindow++;
            if (now - admitted > maxAckDelayMs) {
                lateInWindow++;
            }
            stalls.answered(now, answersInTime());
        }
        return admitted;
    }

    /**
     * How many sends may be pending: what the pipeline answered in the last second, scaled to
     * {@code maxAckDelay}, or to {@code sheddingAckDelay} while shedding.
     */
    synchronized int limit() {
        long within = shedding ? sheddingAckDelayMs : maxAckDelayMs;
        return (int) Math.max(MIN_LIMIT, answeredLastSecond * within / 1000);
    }

    /**
     * Whether fewer than one in {@link #LATE_ONE_IN} answers of the last second and of this one came
     * back later than {@code maxAckDelay}: the pipeline keeps up, and the sends still waiting are held
     * up by something of their own. No answers tell nothing.
     */
    private boolean answersInTime() {
        return (long) (lateLastSecond + lateInWindow) * LATE_ONE_IN < answeredLastSecond + answeredInWindow;
    }

    private void roll(long now) {
        if (now - windowStartMs >= 1000) {
            boolean consecutive = now - windowStartMs < 2000;
            answeredLastSecond = consecutive ? answeredInWindow : 0;
            lateLastSecond = consecutive ? lateInWindow : 0;
            answeredInWindow = 0;
            lateInWindow = 0;
            windowStartMs = now;
        }
    }

    /**
     * Removes and returns, by session, the sends admitted before {@code cutoffMillis}: their answers
     * may have been lost (the node channel was down), and left pending they would look like a
     * pipeline that stopped answering, so every send would be shed until they were forgotten.
     */
    public synchronized Map<String, Set<String>> takeAdmittedBefore(long cutoffMillis) {
        return pending.takeAdmittedBefore(cutoffMillis);
    }

    /**
     * The node channel is down: until {@link #answersFlowing()} every send is admitted (neither
     * rule can tell anything while no answer can arrive), and still counted as pending, so that the
     * catch-up after the gap can ack them from history ({@link #takeAdmittedBefore}). Shedding then
     * refused every send within 750 ms of a Redis restart and clients came back up to 2 s after the
     * channel (the bench's Redis fault). The pipeline behind Kafka keeps working meanwhile; only the
     * way back is cut.
     */
    public synchronized void answersLost() {
        answersLost = true;
    }

    /** The node channel is back: the rules apply again (call after taking out the sends whose answers were lost). */
    public synchronized void answersFlowing() {
        answersLost = false;
        stalls.restart(clock.millis());
    }

    /** The session closed: nobody waits for its answers any more. */
    public synchronized void forget(String sessionId) {
        pending.forgetSession(sessionId);
    }

    /** Whether a shedding spell is on: a send was refused less than {@link #QUIET_MS} ago, or none admitted since. */
    synchronized boolean shedding() {
        return shedding;
    }

    /** Sends waiting for their answer, stuck ones included. */
    public synchronized int pending() {
        return pending.live() + pending.stuck();
    }
}
