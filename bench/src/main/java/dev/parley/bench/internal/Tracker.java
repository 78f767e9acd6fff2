package dev.parley.bench.internal;

import dev.parley.bench.RunLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything the clients see, in one place: the checker's log (sends, acks, receipts) and the
 * latency of each send until it is acked and shown on every device of every member.
 * Thread-safe: the clients' listener threads call it concurrently.
 */
public final class Tracker {
    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RunLog.Sent> sends = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RunLog.Acked> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RunLog.Sent> abandoned = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RunLog.Received> receipts = new ConcurrentLinkedQueue<>();
    private final Map<String, List<String>> devicesOfConversation = new ConcurrentHashMap<>();
    private final Timeline timeline;
    private volatile PhaseStats phase = new PhaseStats("setup");

    public Tracker(Timeline timeline) {
        this.timeline = timeline;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The devices that must show every message of a conversation. */
    public void follow(String conversationId, List<String> devices) {
        devicesOfConversation.put(conversationId, List.copyOf(devices));
    }

    /** Starts a phase: latencies recorded from now on go to its stats. */
    public PhaseStats startPhase(String name) {
        return startPhase(name, true);
    }

    /** Starts a phase, with or without a mark on the timeline (a fault marks its own start). */
    public PhaseStats startPhase(String name, boolean mark) {
        PhaseStats p = new PhaseStats(name);
        phase = p;
        if (mark) {
            timeline.mark(System.nanoTime(), name, false);
        }
        return p;
    }

    public PhaseStats phase() {
        return phase;
    }

    void sent(String senderId, String senderDevice, String clientMsgId, String conversationId, long intendedNanos) {
        List<String> devices = devicesOfConversation.getOrDefault(conversationId, List.of());
        int expected = devices.contains(senderDevice) ? devices.size() - 1 : devices.size();
        flights.put(key(senderId, clientMsgId), new Flight(senderDevice, conversationId, phase.name, intendedNanos, expected));
        sends.add(new RunLog.Sent(senderId, clientMsgId, conversationId));
        phase.waited(PhaseStats.Wait.HANDED_OVER, System.nanoTime() - intendedNanos);
    }

    /** Its client sent (or resent) the send. */
    void attempted(String senderId, String clientMsgId, long nowNanos) {
        Flight f = flights.get(key(senderId, clientMsgId));
        if (f != null && f.attempts.getAndIncrement() == 0) {
            phase.waited(PhaseStats.Wait.FIRST_ATTEMPT, nowNanos - f.sendNanos);
        }
    }

    /** @param attemptNanos when the attempt that got this ack was sent (0: unknown) */
    void acked(String senderId, String clientMsgId, String conversationId, long seq, String messageId, long nowNanos,
            long attemptNanos) {
        acks.add(new RunLog.Acked(senderId, clientMsgId, conversationId, seq, messageId));
        Flight f = flights.get(key(senderId, clientMsgId));
        if (f != null && f.ackNanos == 0) {
            f.seq = seq;
            f.ackNanos = nowNanos;
            phase.ack(nowNanos - f.sendNanos);
            if (attemptNanos != 0) {
                phase.admitted(nowNanos - attemptNanos);
                phase.waited(PhaseStats.Wait.BEFORE_ADMITTED, attemptNanos - f.sendNanos);
                timeline.admitted(nowNanos, nowNanos - attemptNanos);
            }
            if (f.completeNanos != 0) {
                timeline.completed(nowNanos);
            }
        }
    }

    void received(String deviceId, String sessionId, String conversationId, long seq, String messageId,
            String senderId, String clientMsgId, boolean live, long nowNanos) {
        receipts.add(new RunLog.Received(deviceId, sessionId, conversationId, seq, messageId, live));
        Flight f = flights.get(key(senderId, clientMsgId));
        if (f == null || deviceId.equals(f.senderDevice) || !f.devicesGot.add(deviceId)) {
            return;
        }
        long latency = nowNanos - f.sendNanos;
        phase.delivery(latency, live);
        timeline.delivery(nowNanos, latency);
        if (f.remaining.decrementAndGet() == 0) {
            f.lastShownLive = live;
            f.completeNanos = nowNanos;
            if (f.ackNanos != 0) {
                timeline.completed(nowNanos);
            }
        }
    }

    /** A send its client gave up after refusals (it shows the user a failed send). */
    void abandoned(String senderId, String clientMsgId, String conversationId) {
        abandoned.add(new RunLog.Sent(senderId, clientMsgId, conversationId));
        phase.abandoned.increment();
    }

    void error(String code) {
        if (!"rate_limited".equals(code)) {
            phase.errors.increment();
        }
    }

    /** The flight of one send, or null. */
    Flight flight(String senderId, String clientMsgId) {
        return flights.get(key(senderId, clientMsgId));
    }

    /** The flights of a phase (a snapshot). */
    public List<Flight> flights(String phaseName) {
        List<Flight> out = new ArrayList<>();
        flights.values().forEach(f -> {
            if (f.phase.equals(phaseName)) {
                out.add(f);
            }
        });
        return out;
    }

    /** The phase each (conversation, seq) was sent in, for acked sends: to attribute violations. */
    public Map<String, String> phaseBySeq() {
        Map<String, String> m = new HashMap<>();
        flights.values().forEach(f -> {
            if (f.seq >= 0) {
                m.put(f.conversationId + "#" + f.seq, f.phase);
            }
        });
        return m;
    }

    public List<RunLog.Sent> sends() {
        return List.copyOf(sends);
    }

    public List<RunLog.Sent> abandoned() {
        return List.copyOf(abandoned);
    }

    public List<RunLog.Acked> acks() {
        return List.copyOf(acks);
    }

    public List<RunLog.Received> receipts() {
        return List.copyOf(receipts);
    }

    private static String key(String senderId, String clientMsgId) {
        return senderId + "\u0000" + clientMsgId;
    }
}
