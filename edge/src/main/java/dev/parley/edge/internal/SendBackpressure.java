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
 * at once with {@code unavailable} and {@code retryAfterMs}, before it reaches Kafka, when as many
 * are pending as the pipeline answers in {@code maxAckDelay} at the best rate it answered in the
 * last {@link #PEAK_SECONDS} seconds (Little's law), and never fewer than {@link #MIN_LIMIT}. So under
 * overload the backlog stops growing and the sends that are admitted keep their latency; without it
 * every send was accepted and everyone waited for a backlog that grew without bound.
 *
 * <p>Why the best rate of the last seconds, and no rule on how late the oldest answer is: after a
 * stall (a failover, a rebalance, a broker restart) the pipeline answers slowly for a while, each
 * transaction taking longer than {@code maxAckDelay}, yet it answers more the more it is given,
 * since every transaction takes a batch. A limit that followed the last second's answers (or one
 * that refused whenever the oldest answer was late) then let in fewer each second, the pipeline
 * answered fewer, and the backlog that should have drained waited in the clients instead: at 1,000
 * clients on one edge a 13 s broker restart set off 26 s of shedding and a rolling restart of the
 * topology 48 s (bench, full profile). Refusing helps only when more pending would not be answered
 * sooner, which is overload; a stall is waited out better with the backlog already in the log.
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
     * The pending sends always allowed, whatever the recent rate: what one node takes in about 5 s at
     * the bench's 100 msgs/s, so a stall that short is absorbed, not refused. Refusing during a
     * stall only adds the client's retry delay to it; the limit is for overload. At 256 a node holding
     * every client of the full bench shed for 10-40 s after each 1-13 s stall (see the class comment).
     */
    static final int MIN_LIMIT = 512;
    /** How far back the best answer rate counts: long enough to span a slow spell after a stall. */
    static final int PEAK_SECONDS = 10;
    private static final long MIN_RETRY_MS = 500;
    /** Retry delays come from [the oldest pending send's wait, clamped to 500-1,000 ms] plus up to 500 ms. */
    private static final long MAX_RETRY_BASE_MS = 1_000;
    private static final long RETRY_SPREAD_MS = 500;
    /**
     * A shedding spell ends only after this long without a refusal: near its limits the node admits
     * and refuses in turns, and an operator wants one line per spell, not two per flap.
     */
    static final long QUIET_MS = 1_000;

    private record Key(String sessionId, String clientMsgId) {
    }

    private final Clock clock;
    private final long maxAckDelayMs;
    private final int minLimit;
    private final LinkedHashMap<Key, Long> pending = new LinkedHashMap<>();
    private final Map<String, Set<Key>> bySession = new HashMap<>();
    /** Answers per whole second, the last {@link #PEAK_SECONDS} of them (a ring). */
    private final int[] answeredPerSecond = new int[PEAK_SECONDS];
    private int ringNext;
    /** Whether the last decision was a refusal: the operator is told when shedding starts and stops, not per send. */
    private boolean shedding;
    /** The node channel is down: answers cannot arrive, so their lateness says nothing of the pipeline. */
    private boolean answersLost;
    private long refusedWhileShedding;
    private long lastRefusalMs;
    private long windowStartMs;
    private int answeredInWindow;

    /** @param maxAckDelay zero turns shedding off */
    public SendBackpressure(Clock clock, Duration maxAckDelay) {
        this(clock, maxAckDelay, MIN_LIMIT);
    }

    /** @param minLimit the pending sends always allowed (tests show the limit with a few) */
    SendBackpressure(Clock clock, Duration maxAckDelay, int minLimit) {
        this.clock = clock;
        this.maxAckDelayMs = maxAckDelay.toMillis();
        this.minLimit = minLimit;
        this.windowStartMs = clock.millis();
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
        if (!answersLost && !pending.isEmpty() && pending.size() >= limit()) {
            long waited = now - pending.firstEntry().getValue();
            return refuse(retryAfter(waited, clientMsgId), waited);
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
     * 500-1,499 ms: about when the queue ahead has moved on (the oldest pending send's wait, at least
     * 500 ms and at most 1 s, since a client waiting longer than the queue only adds delay), plus up
     * to 500 ms fixed per send, so that sends refused together do not come back together (clients
     * add jitter, but not all do; a deterministic spread keeps this testable without randomness).
     */
    static long retryAfter(long oldestWaitedMs, String clientMsgId) {
        return Math.clamp(oldestWaitedMs, MIN_RETRY_MS, MAX_RETRY_BASE_MS)
                + Math.floorMod(clientMsgId.hashCode(), RETRY_SPREAD_MS);
    }

    private long refuse(long retryAfterMs, long oldestWaitedMs) {
        if (!shedding) {
            shedding = true;
            refusedWhileShedding = 0;
            LOG.warn("shedding sends: {} pending, the oldest waiting {} ms for its ack (limit: {} pending, the"
                    + " answers of {} ms at the best rate of the last {} s)", pending.size(), oldestWaitedMs,
                    limit(), maxAckDelayMs, PEAK_SECONDS);
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

    /** How many sends may be pending: the best rate of the last seconds, scaled to {@code maxAckDelay}. */
    synchronized int limit() {
        int peak = 0;
        for (int answered : answeredPerSecond) {
            peak = Math.max(peak, answered);
        }
        return (int) Math.max(minLimit, peak * maxAckDelayMs / 1000);
    }

    private void roll(long now) {
        long seconds = (now - windowStartMs) / 1000;
        if (seconds <= 0) {
            return;
        }
        push(answeredInWindow);
        for (long quiet = Math.min(seconds, PEAK_SECONDS) - 1; quiet > 0; quiet--) {
            push(0); // whole seconds with no call here answered nothing
        }
        answeredInWindow = 0;
        windowStartMs += seconds * 1000;
    }

    private void push(int answered) {
        answeredPerSecond[ringNext] = answered;
        ringNext = (ringNext + 1) % PEAK_SECONDS;
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
     * The node channel is down: until {@link #answersFlowing()} every send is admitted (the pending
     * count says nothing while no answer can arrive), and still counted as pending, so that the
     * catch-up after the gap can ack them from history ({@link #takeAdmittedBefore}). Shedding then
     * refused every send soon after a Redis restart and clients came back up to 2 s after the
     * channel (the bench's Redis fault).
     * The pipeline behind Kafka keeps working meanwhile; only the way back is cut.
     */
    public synchronized void answersLost() {
        answersLost = true;
    }

    /** The node channel is back: the limit applies again (call after taking out the sends whose answers were lost). */
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
