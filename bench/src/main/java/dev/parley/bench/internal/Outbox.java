package dev.parley.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A client's sends that are not acked yet, and when each is due again: the contract's retry rules
 * (docs/protocol.md) apart from the socket that carries them, so they can be checked without one.
 * A send is retried with the same {@code clientMsgId} after {@code retryAfterMs} when
 * {@code rate_limited}, after a jittered {@code retryAfterMs} (500 ms if absent) when
 * {@code unavailable}, after 200 ms when {@code not_member}, after {@link #ACK_RETRY_NANOS} without an
 * answer, and at once after a reconnect; any other error ends it. With {@link #giveUpAfter} set, a
 * send refused ({@code unavailable}, {@code rate_limited}) for that long is given up, as a client
 * that shows its user a failed send. With {@link #pauseOnUnavailable} set, an {@code unavailable}
 * holds the whole client, new sends too, until its pause is over, and the held sends then go in the
 * order they were typed: the edge said the system is overloaded, not that one send was. Times are
 * {@link System#nanoTime()} values, passed in.
 */
final class Outbox {
    static final long ACK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** What became of a send its edge answered with an error. */
    enum Fate { NOT_PENDING, RETRY, DROPPED, GIVEN_UP }

    /** A send not acked yet. */
    static final class Pending {
        final String conversationId;
        final String body;
        volatile long lastAttemptNanos;
        volatile long retryAtNanos = Long.MAX_VALUE;
        /** When it was first refused; 0: not yet. */
        volatile long firstRefusedNanos;
        /** Its place in the order the user typed: held sends go out in it. */
        final long typed;

        Pending(String conversationId, String body, long typed) {
            this.conversationId = conversationId;
            this.body = body;
            this.typed = typed;
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Uniform in [0, 1): spreads the retries of refused sends so they do not come back as one burst. */
    private final DoubleSupplier random;
    private volatile long giveUpNanos;
    private final AtomicLong typed = new AtomicLong();
    private volatile boolean pauseOnUnavailable;
    /** Whether an {@code unavailable} holds this client until {@link #holdUntilNanos}. */
    private volatile boolean holding;
    private volatile long holdUntilNanos;

    Outbox(DoubleSupplier random) {
        this.random = random;
    }

    /** From now on a send refused for at least {@code after} is given up (zero: retried until acked). */
    void giveUpAfter(Duration after) {
        giveUpNanos = after.toNanos();
    }

    /** From now on an {@code unavailable} holds every send of this client for its pause (false: only the refused one). */
    void pauseOnUnavailable(boolean pause) {
        pauseOnUnavailable = pause;
    }

    Pending add(String clientMsgId, String conversationId, String body) {
        Pending p = new Pending(conversationId, body, typed.incrementAndGet());
        pending.put(clientMsgId, p);
        return p;
    }

    /** Whether an {@code unavailable} asked this client to send nothing before {@code now}. */
    boolean held(long now) {
        return holding && now - holdUntilNanos < 0;
    }

    /** A new send that must wait for the hold: it goes with the next {@link #due} after it. */
    static void deferred(Pending p, long now) {
        p.lastAttemptNanos = now;
        p.retryAtNanos = now;
    }

    /** An attempt goes out now: no retry is due until it is answered or times out. */
    static void attempted(Pending p, long now) {
        p.lastAttemptNanos = now;
        p.retryAtNanos = Long.MAX_VALUE;
    }

    /** The sends due again at {@code now}, by id, in the order they were typed; none while held. */
    List<Map.Entry<String, Pending>> due(long now) {
        List<Map.Entry<String, Pending>> due = new ArrayList<>();
        if (held(now)) {
            return due;
        }
        pending.forEach((id, p) -> {
            if (now >= p.retryAtNanos || now - p.lastAttemptNanos > ACK_RETRY_NANOS) {
                due.add(Map.entry(id, p));
            }
        });
        due.sort(Comparator.comparingLong(e -> e.getValue().typed));
        return due;
    }

    /**
     * After a reconnect every unacked send is due at once: its answer may have gone with the old socket,
     * and the hold was the old edge's word.
     */
    void allDue() {
        holding = false;
        pending.values().forEach(p -> p.retryAtNanos = 0);
    }

    /** The send was acked: it leaves; returns it, or null if it was not pending (a late duplicate ack). */
    Pending acked(String clientMsgId) {
        return pending.remove(clientMsgId);
    }

    Pending get(String clientMsgId) {
        return pending.get(clientMsgId);
    }

    /**
     * The edge answered the send with error {@code code}.
     *
     * @param retryAfterMs the frame's {@code retryAfterMs}, or -1 if it had none
     */
    Fate error(String clientMsgId, String code, long retryAfterMs, long now) {
        Pending p = pending.get(clientMsgId);
        if (p == null) {
            return Fate.NOT_PENDING;
        }
        long pause = switch (code) {
            case "rate_limited" -> retryAfterMs < 0 ? 100 : Math.max(1, retryAfterMs);
            case "unavailable" -> (long) ((retryAfterMs < 0 ? 500 : Math.max(1, retryAfterMs))
                    * (0.5 + random.getAsDouble()));
            case "not_member" -> 200;
            default -> -1;
        };
        boolean refused = "unavailable".equals(code) || "rate_limited".equals(code);
        if (refused && p.firstRefusedNanos == 0) {
            p.firstRefusedNanos = now;
        }
        if (pause < 0) {
            pending.remove(clientMsgId);
            return Fate.DROPPED;
        }
        if (refused && giveUpNanos > 0 && now - p.firstRefusedNanos >= giveUpNanos) {
            // this attempt was refused, so none is in flight: the send leaves for good
            pending.remove(clientMsgId);
            return Fate.GIVEN_UP;
        }
        p.retryAtNanos = now + TimeUnit.MILLISECONDS.toNanos(pause);
        if (pauseOnUnavailable && "unavailable".equals(code) && (!held(now) || p.retryAtNanos - holdUntilNanos > 0)) {
            holdUntilNanos = p.retryAtNanos;
            holding = true;
        }
        return Fate.RETRY;
    }

    int size() {
        return pending.size();
    }
}
