package dev.parley.bench.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One logical send in flight: when the user pressed send (the load's intended time, so a late
 * sender does not hide its own lateness), which phase it belongs to, and which devices still
 * have to show it.
 */
final class Flight {
    final String senderDevice;
    final String conversationId;
    final String phase;
    final long sendNanos;
    final int expected;
    final AtomicInteger remaining;
    final Set<String> devicesGot = ConcurrentHashMap.newKeySet();
    volatile long ackNanos;
    volatile long completeNanos;
    volatile long seq = -1;
    /** How many times its client tried to send it (a retry after a refusal, a timeout or a reconnect adds one). */
    final AtomicInteger attempts = new AtomicInteger();
    /** Whether the device that showed it last got it live ({@code message} frame) or by catch-up. */
    volatile boolean lastShownLive = true;

    Flight(String senderDevice, String conversationId, String phase, long sendNanos, int expected) {
        this.senderDevice = senderDevice;
        this.conversationId = conversationId;
        this.phase = phase;
        this.sendNanos = sendNanos;
        this.expected = expected;
        this.remaining = new AtomicInteger(expected);
        if (expected == 0) {
            completeNanos = sendNanos;
        }
    }

    boolean acked() {
        return ackNanos != 0;
    }

    /** Acked and shown on every expected device. */
    boolean done() {
        return ackNanos != 0 && completeNanos != 0;
    }

    /** When it was both acked and shown everywhere (0 while not). */
    long doneNanos() {
        return done() ? Math.max(ackNanos, completeNanos) : 0;
    }
}
