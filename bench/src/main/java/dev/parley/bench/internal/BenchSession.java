package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One device of one user, behaving as a real client of the contract: a WebSocket to an edge,
 * sends with its own {@code clientMsgId} that it retries (same id) until acked — after
 * {@code retryAfterMs} when rate limited, after a pause when {@code unavailable}, after 30 s
 * without an answer, and after every reconnect — and pings so the edge keeps it. When the
 * connection drops it reconnects to the next edge with jittered backoff and catches up each
 * conversation with {@code messages?after=<highest seq it has without gap>}; a gap in the live
 * stream triggers the same catch-up. When a send is due again, and when it is given up, is the
 * {@link Outbox}'s to say; this class carries the frames.
 */
public final class BenchSession {
    static final long PING_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** A probe's ping not answered after this long is taken as lost, and the next one goes out. */
    static final long PROBE_LOST_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Backoff BACKOFF = new Backoff(100, 5_000);

    final String userId;
    final String deviceId;
    final List<String> conversations;
    private final String token;
    private final Tracker tracker;
    private final Edges edges;
    private final HttpClient http;
    private final Map<String, SeqSet> seqs = new ConcurrentHashMap<>();
    private final Outbox outbox = new Outbox(() -> ThreadLocalRandom.current().nextDouble());
    private final AtomicInteger counter = new AtomicInteger();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final CatchUp catchUp;
    final AtomicInteger reconnects = new AtomicInteger();
    private volatile WebSocket ws;
    private volatile String sessionId;
    private volatile boolean stopped;
    private volatile int edgeIndex;
    private volatile long lastPingNanos = System.nanoTime();
    /** When the probe's ping now out was sent; 0: none out. */
    private volatile long probeSentNanos;

    public BenchSession(String userId, String deviceId, String token, List<String> conversations, Tracker tracker,
            Edges edges, HttpClient http, int edgeIndex) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.token = token;
        this.conversations = List.copyOf(conversations);
        this.tracker = tracker;
        this.edges = edges;
        this.http = http;
        this.edgeIndex = edgeIndex;
        conversations.forEach(c -> seqs.put(c, new SeqSet()));
        this.catchUp = new CatchUp(this, tracker, token);
    }

    public String userId() {
        return userId;
    }

    public String deviceId() {
        return deviceId;
    }

    public List<String> conversations() {
        return conversations;
    }

    public boolean open() {
        return ws != null && sessionId != null;
    }

    public int pendingCount() {
        return outbox.size();
    }

    public int reconnects() {
        return reconnects.get();
    }

    SeqSet seqs(String conversationId) {
        return seqs.computeIfAbsent(conversationId, c -> new SeqSet());
    }

    Edges.Edge edge() {
        return edges.get(edgeIndex);
    }

    /** Connects, retrying with backoff; returns once {@code ready} arrived or throws after {@code attempts}. */
    public void connect(int attempts) {
        for (int attempt = 0; !stopped; attempt++) {
            try {
                connectOnce();
                return;
            } catch (Exception e) {
                if (attempt + 1 >= attempts) {
                    throw new IllegalStateException(deviceId + ": cannot connect: " + e, e);
                }
                edgeIndex++;
                sleep(BACKOFF.delayMillis(attempt));
            }
        }
    }

    private void connectOnce() throws Exception {
        Edges.Edge edge = edge();
        CompletableFuture<String> ready = new CompletableFuture<>();
        FrameListener listener = new FrameListener(ready, this::onFrame, this::disconnected, tracker);
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .buildAsync(edge.ws(), listener).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            sessionId = ready.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            socket.abort();
            throw e;
        }
        ws = socket;
        lastPingNanos = System.nanoTime();
        outbox.allDue();
        if (listener.closed) {
            disconnected(socket); // it broke between ready and here: its close event found no current socket
        }
    }

    private void disconnected(WebSocket socket) {
        if (ws != socket || socket == null) {
            return;
        }
        ws = null;
        sessionId = null;
        if (!stopped) {
            Thread.ofVirtual().name("reconnect-" + deviceId).start(this::reconnect);
        }
    }

    private void reconnect() {
        reconnects.incrementAndGet();
        for (int attempt = 0; !stopped; attempt++) {
            edgeIndex++;
            sleep(BACKOFF.delayMillis(attempt));
            try {
                connectOnce();
                catchUp.request(true);
                return;
            } catch (Exception e) {
                // next edge, longer pause
            }
        }
    }

    /** A new message typed by the user at {@code intendedNanos}; returns its clientMsgId. */
    public String send(String conversationId, String body, long intendedNanos) {
        String id = deviceId + "-" + counter.incrementAndGet();
        tracker.sent(userId, deviceId, id, conversationId, intendedNanos);
        Outbox.Pending p = outbox.add(id, conversationId, body);
        long now = System.nanoTime();
        if (outbox.attemptOrDefer(p, now)) {
            write(id, p, now);
        }
        return id;
    }

    private void transmit(String clientMsgId, Outbox.Pending p) {
        long now = System.nanoTime();
        outbox.attempted(p, now);
        write(clientMsgId, p, now);
    }

    private void write(String clientMsgId, Outbox.Pending p, long now) {
        tracker.attempted(userId, clientMsgId, now);
        String frame = Json.mapper().createObjectNode().put("type", "send").put("clientMsgId", clientMsgId)
                .put("conversationId", p.conversationId).put("body", p.body).toString();
        sendText(frame);
    }

    private void sendText(String text) {
        WebSocket socket = ws;
        if (socket == null) {
            return;
        }
        sendLock.lock();
        try {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The connection is broken; its close event reconnects and the sweep resends.
        } finally {
            sendLock.unlock();
        }
    }

    /** From now on a send refused for at least {@code after} is given up (zero: retried until acked, the default). */
    public void giveUpAfter(Duration after) {
        outbox.giveUpAfter(after);
    }

    /** From now on an {@code unavailable} holds every send of this device for its pause (false: the refused one only). */
    public void pauseOnUnavailable(boolean pause) {
        outbox.pauseOnUnavailable(pause);
    }

    /** From now on the sends after a hold go out a few at a time, one more per ack (false: all at once). */
    public void rampAfterHold(boolean ramp) {
        outbox.rampAfterHold(ramp);
    }

    /** Periodic duties: give up what waited too long, resend what is due, ping when quiet. Called by the sweeper. */
    public void sweep(long now) {
        outbox.giveUpWaiting(now).forEach(e -> tracker.abandoned(userId, e.getKey(), e.getValue().conversationId));
        if (!open()) {
            return;
        }
        outbox.due(now).forEach(e -> transmit(e.getKey(), e.getValue()));
        if (now - lastPingNanos > PING_NANOS) {
            lastPingNanos = now;
            sendText("{\"type\":\"ping\"}");
        }
    }

    /**
     * A round-trip probe: a {@code ping} now, unless the last one is still out. Its pong comes back
     * on the same socket, behind whatever the edge queued for this session, and through the same
     * client, but past no Kafka or Redis: beside an ack's latency it says what the way between client
     * and edge adds. Probing keeps the keepalive ping off this socket, so every pong is a probe's.
     */
    public void probe(long now) {
        long out = probeSentNanos;
        if (!open() || (out != 0 && now - out < PROBE_LOST_NANOS)) {
            return;
        }
        probeSentNanos = now;
        lastPingNanos = now;
        sendText("{\"type\":\"ping\"}");
    }

    /** Catches up every conversation now and waits until done (the end-of-run check). */
    public void catchUpAllAndWait(Duration timeout) {
        catchUp.request(true);
        catchUp.awaitIdle(timeout);
    }

    /**
     * Drops the connection and reconnects to the next edge, catching up as after any reconnect: how
     * a load balancer spreads clients once a second node is in service.
     */
    public void moveToNextEdge() {
        WebSocket socket = ws;
        if (socket != null) {
            socket.abort();
            disconnected(socket);
        }
    }

    public void stop() {
        stopped = true;
        catchUp.stop();
        WebSocket socket = ws;
        ws = null;
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
            socket.abort();
        }
    }

    boolean stopped() {
        return stopped;
    }

    private void onFrame(JsonNode f, String session) {
        long now = System.nanoTime();
        switch (f.path("type").asText()) {
            case "message" -> {
                String c = f.path("conversationId").asText();
                long seq = f.path("seq").asLong();
                seqs(c).add(seq);
                tracker.received(deviceId, session, c, seq, f.path("messageId").asText(),
                        f.path("senderId").asText(), f.path("clientMsgId").asText(), true, now);
                if (seqs(c).hasGap()) {
                    catchUp.request(false);
                }
            }
            case "ack" -> {
                String id = f.path("clientMsgId").asText();
                Outbox.Pending p = outbox.acked(id);
                tracker.acked(userId, id, f.path("conversationId").asText(), f.path("seq").asLong(),
                        f.path("messageId").asText(), now, p == null ? 0 : p.lastAttemptNanos);
            }
            case "error" -> {
                String code = f.path("code").asText();
                tracker.error(code);
                String id = f.path("clientMsgId").asText("");
                Outbox.Pending p = outbox.get(id);
                long retryAfterMs = f.path("retryAfterMs").isIntegralNumber() ? f.path("retryAfterMs").asLong() : -1;
                if (outbox.error(id, code, retryAfterMs, now) == Outbox.Fate.GIVEN_UP) {
                    tracker.abandoned(userId, id, p.conversationId);
                }
            }
            case "pong" -> {
                long sent = probeSentNanos;
                if (sent != 0) {
                    probeSentNanos = 0;
                    tracker.timeline().ping(now, now - sent);
                }
            }
            default -> {
                // ready, read, typing, presence: nothing to track
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
