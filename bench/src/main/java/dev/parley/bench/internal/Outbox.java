package dev.parley.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * A client's sends that are not acked yet, and when each is due again: the contract's retry rules
 * (docs/protocol.md) apart from the socket that carries them, so they can be checked without one.
 * A send is retried with the same {@code clientMsgId} after {@code retryAfterMs} when
 * {@code rate_limited}, after a jittered {@code retryAfterMs} (500 ms if absent) when
 * {@code unavailable}, after 200 ms when {@code not_member}, after {@link #ACK_RETRY_NANOS} without an
 * answer, and at once after a reconnect; any other error ends it.
 *
 * <p>With {@link #pauseOnUnavailable} set, an {@code unavailable} holds the whole client, new sends
 * too, until its pause is over, and the held sends then go in the order they were typed: the edge
 * said the system is overloaded, not that one send was. With {@link #rampAfterHold} set as well, they
 * do not go all at once: the first {@code unavailable} of a hold halves how many sends the client may
 * have unanswered (from as many as it had), each ack lets one more go, and from {@link #RAMP_DONE} on
 * there is no limit again, as TCP's congestion window does. A client that sends a hold's backlog in
 * one burst gets most of it refused, holds again, and bursts again with more: under a long overload
 * its holds chain and a send typed early in one waits for seconds before it is even tried.
 *
 * <p>With {@link #giveUpAfter} set, a send the client could not get admitted for that long, counted
 * from the first time it was refused ({@code unavailable}, {@code rate_limited}) or held back, is
 * given up, as a client that shows its user a failed send. Times are {@link System#nanoTime()}
 * values, passed in. Methods are synchronized: the load driver's threads, the sweeper and the
 * socket's listener all change one client's state, and the in-flight count must stay exact.
 */
final class Outbox {
    static final long ACK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** From this many sends allowed in flight after a hold the client is no longer limited. */
    static final int RAMP_DONE = 64;
    private static final int UNLIMITED = Integer.MAX_VALUE;

    /** What became of a send its edge answered with an error. */
    enum Fate { NOT_PENDING, RETRY, DROPPED, GIVEN_UP }

    /** A send not acked yet. */
    static final class Pending {
        final String conversationId;
        final String body;
        volatile long lastAttemptNanos;
        volatile long retryAtNanos = Long.MAX_VALUE;
        /** When it was first refused or held back; 0: not yet. */
        volatile long firstDeniedNanos;
        /** Its place in the order the user typed: held sends go out in it. */
        final long typed;
        /** Sent and not answered yet. */
        boolean inFlight;

        Pending(String conversationId, String body, long typed) {
            this.conversationId = conversationId;
            this.body = body;
            this.typed = typed;
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Uniform in [0, 1): spreads the retries of refused sends so they do not come back as one burst. */
    private final DoubleSupplier random;
    private long giveUpNanos;
    private long typed;
    private boolean pauseOnUnavailable;
    private boolean rampAfterHold;
    /** Whether an {@code unavailable} holds this client until {@link #holdUntilNanos}. */
    private boolean holding;
    private long holdUntilNanos;
    private int inFlight;
    /** How many sends may be unanswered at once: {@link #UNLIMITED} but after a hold. */
    private int window = UNLIMITED;

    Outbox(DoubleSupplier random) {
        this.random = random;
    }

    /** From now on a send refused or held back for at least {@code after} is given up (zero: retried until acked). */
    synchronized void giveUpAfter(Duration after) {
        giveUpNanos = after.toNanos();
    }

    /** From now on an {@code unavailable} holds every send of this client for its pause (false: only the refused one). */
    synchronized void pauseOnUnavailable(boolean pause) {
        pauseOnUnavailable = pause;
    }

    /** From now on the sends after a hold go out a few at a time, one more per ack (false: all at once). */
    synchronized void rampAfterHold(boolean ramp) {
        rampAfterHold = ramp;
    }

    synchronized Pending add(String clientMsgId, String conversationId, String body) {
        Pending p = new Pending(conversationId, body, ++typed);
        pending.put(clientMsgId, p);
        return p;
    }

    /** Whether an {@code unavailable} asked this client to send nothing before {@code now}. */
    synchronized boolean held(long now) {
        return holding && now - holdUntilNanos < 0;
    }

    /**
     * Whether the send just {@link #add added} may go out now: no hold, and when ramping, room in the
     * window and no earlier send still waiting (it would be overtaken).
     */
    synchronized boolean mayTransmit(long now) {
        if (held(now)) {
            return false;
        }
        return !ramping() || (pending.size() - inFlight <= 1 && inFlight < window);
    }

    private boolean ramping() {
        return rampAfterHold && pauseOnUnavailable;
    }

    /** Sends the send just {@link #add added} now ({@link #attempted}; true) or {@link #deferred defers} it (false). */
    synchronized boolean attemptOrDefer(Pending p, long now) {
        if (mayTransmit(now)) {
            attempted(p, now);
            return true;
        }
        deferred(p, now);
        return false;
    }

    /** A new send that must wait for the hold or the window: it goes with the next {@link #due} after it. */
    synchronized void deferred(Pending p, long now) {
        p.lastAttemptNanos = now;
        p.retryAtNanos = now;
        if (p.firstDeniedNanos == 0) {
            p.firstDeniedNanos = now;
        }
    }

    /** An attempt goes out now: no retry is due until it is answered or times out. */
    synchronized void attempted(Pending p, long now) {
        p.lastAttemptNanos = now;
        p.retryAtNanos = Long.MAX_VALUE;
        if (!p.inFlight) {
            p.inFlight = true;
            inFlight++;
        }
    }

    /**
     * The sends due again at {@code now}, by id, in the order they were typed; none while held, and
     * when ramping no more than the window has room for (a send whose answer is overdue is already
     * counted in it).
     */
    synchronized List<Map.Entry<String, Pending>> due(long now) {
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
        if (!ramping() || window == UNLIMITED) {
            return due;
        }
        long room = (long) window - inFlight;
        List<Map.Entry<String, Pending>> fits = new ArrayList<>();
        for (Map.Entry<String, Pending> e : due) {
            if (e.getValue().inFlight) {
                fits.add(e);
            } else if (room-- > 0) {
                fits.add(e);
            }
        }
        return fits;
    }

    /**
     * Gives up, and returns by id, every send not in flight that was refused or held back at least
     * the give-up time ago: one held for that long is given up without being tried again.
     */
    synchronized List<Map.Entry<String, Pending>> giveUpWaiting(long now) {
        List<Map.Entry<String, Pending>> out = new ArrayList<>();
        if (giveUpNanos <= 0) {
            return out;
        }
        pending.forEach((id, p) -> {
            if (!p.inFlight && p.firstDeniedNanos != 0 && now - p.firstDeniedNanos >= giveUpNanos) {
                out.add(Map.entry(id, p));
            }
        });
        out.forEach(e -> pending.remove(e.getKey()));
        return out;
    }

    /**
     * After a reconnect every unacked send is due at once: its answer may have gone with the old socket,
     * and the hold and the window were the old edge's word.
     */
    synchronized void allDue() {
        holding = false;
        window = UNLIMITED;
        inFlight = 0;
        pending.values().forEach(p -> {
            p.retryAtNanos = 0;
            p.inFlight = false;
        });
    }

    /** The send was acked: it leaves; returns it, or null if it was not pending (a late duplicate ack). */
    synchronized Pending acked(String clientMsgId) {
        Pending p = pending.remove(clientMsgId);
        if (p == null) {
            return null;
        }
        if (p.inFlight) {
            inFlight--;
        }
        if (window != UNLIMITED) {
            window = window + 1 >= RAMP_DONE ? UNLIMITED : window + 1;
        }
        return p;
    }

    Pending get(String clientMsgId) {
        return pending.get(clientMsgId);
    }

    /**
     * The edge answered the send with error {@code code}.
     *
     * @param retryAfterMs the frame's {@code retryAfterMs}, or -1 if it had none
     */
    synchronized Fate error(String clientMsgId, String code, long retryAfterMs, long now) {
        Pending p = pending.get(clientMsgId);
        if (p == null) {
            return Fate.NOT_PENDING;
        }
        int unanswered = inFlight;
        if (p.inFlight) {
            p.inFlight = false;
            inFlight--;
        }
        long pause = switch (code) {
            case "rate_limited" -> retryAfterMs < 0 ? 100 : Math.max(1, retryAfterMs);
            case "unavailable" -> (long) ((retryAfterMs < 0 ? 500 : Math.max(1, retryAfterMs))
                    * (0.5 + random.getAsDouble()));
            case "not_member" -> 200;
            default -> -1;
        };
        boolean refused = "unavailable".equals(code) || "rate_limited".equals(code);
        if (refused && p.firstDeniedNanos == 0) {
            p.firstDeniedNanos = now;
        }
        if (pause < 0) {
            pending.remove(clientMsgId);
            return Fate.DROPPED;
        }
        boolean givenUp = refused && giveUpNanos > 0 && now - p.firstDeniedNanos >= giveUpNanos;
        if (givenUp) {
            // this attempt was refused, so none is in flight: the send leaves for good
            pending.remove(clientMsgId);
        } else {
            p.retryAtNanos = now + TimeUnit.MILLISECONDS.toNanos(pause);
        }
        if (pauseOnUnavailable && "unavailable".equals(code)) {
            long until = now + TimeUnit.MILLISECONDS.toNanos(pause);
            if (!held(now)) {
                if (ramping()) {
                    // the first refusal of a hold: half of what was out when it came
                    window = Math.max(1, Math.min(window, unanswered) / 2);
                }
                holdUntilNanos = until;
                holding = true;
            } else if (until - holdUntilNanos > 0) {
                holdUntilNanos = until;
            }
        }
        return givenUp ? Fate.GIVEN_UP : Fate.RETRY;
    }

    synchronized int size() {
        return pending.size();
    }
}
