package dev.parley.edge.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload shedding for sends, node-wide. It keeps the sends this node put into the log whose
 * {@code ack} (or refusal) has not reached their session yet, oldest first, and refuses a new send
 * at once with {@code unavailable} and {@code retryAfterMs}, before it reaches Kafka, when
 * <ul>
 *   <li>the oldest has waited longer than {@code maxAckDelay} and at least {@link #MIN_BACKLOG} are
 *       pending: the pipeline is falling behind; or</li>
 *   <li>as many are pending as the pipeline answers in {@code maxAckDelay} at the rate it answered
 *       in the last second (Little's law, at least {@link #MIN_LIMIT}): without this bound, every
 *       send retried during a slow spell was admitted at once as soon as the oldest was answered,
 *       and that burst made the next spell.</li>
 * </ul>
 * So the backlog stops growing and the sends that are admitted keep their latency. Without it every
 * send was accepted under overload and everyone waited for a backlog that grew without bound.
 *
 * <p>A send whose answer never comes (its session closed, or the answer was lost with a node
 * channel) must not hold the node back: a session's entries go when it closes, and any entry is
 * forgotten after {@link #FORGET_AFTER}. Thread-safe; every method is O(1) but {@link #forget}.
 */
public final class SendBackpressure {
    private static final Logger LOG = LoggerFactory.getLogger(SendBackpressure.class);
    /** An answer not back after this long is taken as lost (the client resends by its own timeout). */
    static final Duration FORGET_AFTER = Duration.ofSeconds(30);
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
     * faults recovered after 3.2 and 3.9 s instead of 5.4 and 6.4 s (README). Real overload is
     * still refused: the second rule bounds the pending sends by the rate the pipeline answers.
     */
    static final int MIN_BACKLOG = 128;
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

    private record Key(String sessionId, String clientMsgId) {
    }

    private final Clock clock;
    private final long maxAckDelayMs;
    private final int minBacklog;
    private final LinkedHashMap<Key, Long> pending = new LinkedHashMap<>();
    private final Map<String, Set<Key>> bySession = new HashMap<>();
    /** Whether the last decision was a refusal: the operator is told when shedding starts and stops, not per send. */
    private boolean shedding;
    /** The node channel is down: answers cannot arrive, so their lateness says nothing of the pipeline. */
    private boolean answersLost;
    private long refusedWhileShedding;
    private long lastRefusalMs;
    private long windowStartMs;
    private int answeredInWindow;
    private int answeredLastSecond;

    /** @param maxAckDelay zero turns shedding off */
    public SendBackpressure(Clock clock, Duration maxAckDelay) {
        this(clock, maxAckDelay, MIN_BACKLOG);
    }

    /** @param minBacklog pending sends from which a late answer means overload (tests show the rules with 1) */
    SendBackpressure(Clock clock, Duration maxAckDelay, int minBacklog) {
        this.clock = clock;
        this.maxAckDelayMs = maxAckDelay.toMillis();
        this.minBacklog = minBacklog;
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
        forgetOlderThan(now - FORGET_AFTER.toMillis());
        if (!pending.isEmpty() && !answersLost) {
            long waited = now - pending.firstEntry().getValue();
            if (waited > maxAckDelayMs && pending.size() >= minBacklog) {
                // Twice the wait: about when the backlog has drained; clients add their own jitter.
                return refuse(Math.clamp(2 * waited, MIN_RETRY_MS, MAX_RETRY_MS), waited);
            }
            if (pending.size() >= limit()) {
                return refuse(spread(clientMsgId), waited);
            }
        }
        if (shedding && now - lastRefusalMs >= QUIET_MS) {
            shedding = false;
            LOG.info("no longer shedding sends; {} refused with unavailable meanwhile", refusedWhileShedding);
        }
        Key key = new Key(sessionId, clientMsgId);
        if (pending.putIfAbsent(key, now) == null) {
            bySession.computeIfAbsent(sessionId, s -> new LinkedHashSet<>()).add(key);
        }
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
            LOG.warn("shedding sends: {} pending, the oldest waiting {} ms for its ack (limits: {} ms, {} pending)",
                    pending.size(), oldestWaitedMs, maxAckDelayMs, limit());
        }
        refusedWhileShedding++;
        lastRefusalMs = clock.millis();
        return retryAfterMs;
    }

    /**
     * The send's ack or refusal reached its session, or the send never got into the log.
     *
     * @return when it was admitted (epoch ms), or -1 when it was not pending: what times its ack
     */
    public synchronized long settled(String sessionId, String clientMsgId) {
        long admitted = remove(sessionId, clientMsgId);
        if (admitted >= 0) {
            roll(clock.millis());
            answeredInWindow++;
        }
        return admitted;
    }

    /** How many sends may be pending: what the pipeline answered in the last second, scaled to {@code maxAckDelay}. */
    synchronized int limit() {
        return (int) Math.max(MIN_LIMIT, answeredLastSecond * maxAckDelayMs / 1000);
    }

    private void roll(long now) {
        if (now - windowStartMs >= 1000) {
            answeredLastSecond = now - windowStartMs < 2000 ? answeredInWindow : 0;
            answeredInWindow = 0;
            windowStartMs = now;
        }
    }

    /** @return when the send was admitted, or -1 when it was not pending */
    private long remove(String sessionId, String clientMsgId) {
        Key key = new Key(sessionId, clientMsgId);
        Long admitted = pending.remove(key);
        if (admitted == null) {
            return -1;
        }
        Set<Key> keys = bySession.get(sessionId);
        keys.remove(key);
        if (keys.isEmpty()) {
            bySession.remove(sessionId);
        }
        return admitted;
    }

    /**
     * Removes and returns, by session, the sends admitted before {@code cutoffMillis}: their answers
     * may have been lost (the node channel was down), and left pending they would look like a
     * pipeline that stopped answering, so every send would be shed until they were forgotten.
     */
    public synchronized Map<String, Set<String>> takeAdmittedBefore(long cutoffMillis) {
        Map<String, Set<String>> out = new HashMap<>();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue() >= cutoffMillis) {
                break; // in admission order
            }
            it.remove();
            Key key = e.getKey();
            out.computeIfAbsent(key.sessionId(), s -> ConcurrentHashMap.newKeySet()).add(key.clientMsgId());
            Set<Key> keys = bySession.get(key.sessionId());
            keys.remove(key);
            if (keys.isEmpty()) {
                bySession.remove(key.sessionId());
            }
        }
        return out;
    }

    /**
     * The node channel is down: until {@link #answersFlowing()} every send is admitted (neither
     * rule can tell anything while no answer can arrive), and still counted as pending, so that the catch-up after the gap can ack them
     * from history ({@link #takeAdmittedBefore}). Shedding then refused every send within 750 ms of
     * a Redis restart and clients came back up to 2 s after the channel (the bench's Redis fault).
     * The pipeline behind Kafka keeps working meanwhile; only the way back is cut.
     */
    public synchronized void answersLost() {
        answersLost = true;
    }

    /** The node channel is back: the rules apply again (call after taking out the sends whose answers were lost). */
    public synchronized void answersFlowing() {
        answersLost = false;
    }

    /** The session closed: nobody waits for its answers any more. */
    public synchronized void forget(String sessionId) {
        Set<Key> keys = bySession.remove(sessionId);
        if (keys != null) {
            keys.forEach(pending::remove);
        }
    }

    /** Whether a shedding spell is on: a send was refused less than {@link #QUIET_MS} ago, or none admitted since. */
    synchronized boolean shedding() {
        return shedding;
    }

    /** Sends waiting for their answer. */
    public synchronized int pending() {
        return pending.size();
    }

    private void forgetOlderThan(long cutoff) {
        int forgotten = 0;
        Key first = null;
        while (!pending.isEmpty() && pending.firstEntry().getValue() < cutoff) {
            Key oldest = pending.firstEntry().getKey();
            first = first == null ? oldest : first;
            remove(oldest.sessionId(), oldest.clientMsgId());
            forgotten++;
        }
        if (forgotten > 0) {
            // Answers that never came held the node back until now: worth an operator's look.
            LOG.warn("forgot {} sends never answered within {} s (the first: {} of session {})", forgotten,
                    FORGET_AFTER.toSeconds(), first.clientMsgId(), first.sessionId());
        }
    }
}
