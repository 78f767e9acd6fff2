package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
 * stream triggers the same catch-up. With {@link #giveUpAfter} set, a send refused
 * ({@code unavailable}, {@code rate_limited}) for that long is given up instead, as a client
 * that marks it failed for its user to resend: recorded as abandoned, never retried.
 */
public final class BenchSession {
    static final long ACK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long PING_NANOS = TimeUnit.SECONDS.toNanos(20);
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
    final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final CatchUp catchUp;
    final AtomicInteger reconnects = new AtomicInteger();
    private volatile WebSocket ws;
    private volatile String sessionId;
    private volatile boolean stopped;
    private volatile int edgeIndex;
    private volatile long lastPingNanos = System.nanoTime();
    private volatile long giveUpNanos;

    /** A send not acked yet. */
    static final class Pending {
        final String conversationId;
        final String body;
        volatile long lastAttemptNanos;
        volatile long retryAtNanos = Long.MAX_VALUE;
        /** When it was first refused; 0: not yet. */
        volatile long firstRefusedNanos;

        Pending(String conversationId, String body) {
            this.conversationId = conversationId;
            this.body = body;
        }
    }

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
        return pending.size();
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
        Listener listener = new Listener(ready);
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
        pending.values().forEach(p -> p.retryAtNanos = 0);
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
        Pending p = new Pending(conversationId, body);
        pending.put(id, p);
        transmit(id, p);
        return id;
    }

    private void transmit(String clientMsgId, Pending p) {
        p.lastAttemptNanos = System.nanoTime();
        p.retryAtNanos = Long.MAX_VALUE;
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
        giveUpNanos = after.toNanos();
    }

    /** Periodic duties: resend what is due, ping when quiet. Called by the sweeper. */
    public void sweep(long now) {
        if (!open()) {
            return;
        }
        pending.forEach((id, p) -> {
            if (now >= p.retryAtNanos || now - p.lastAttemptNanos > ACK_RETRY_NANOS) {
                transmit(id, p);
            }
        });
        if (now - lastPingNanos > PING_NANOS) {
            lastPingNanos = now;
            sendText("{\"type\":\"ping\"}");
        }
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
                Pending p = pending.remove(id);
                tracker.acked(userId, id, f.path("conversationId").asText(), f.path("seq").asLong(),
                        f.path("messageId").asText(), now, p == null ? 0 : p.lastAttemptNanos);
            }
            case "error" -> {
                String code = f.path("code").asText();
                tracker.error(code);
                Pending p = pending.get(f.path("clientMsgId").asText(""));
                if (p != null) {
                    long pause = switch (code) {
                        case "rate_limited" -> Math.max(1, f.path("retryAfterMs").asLong(100));
                        // jittered, as the contract asks of a client, so retries do not come back as one burst
                        case "unavailable" -> (long) (Math.max(1, f.path("retryAfterMs").asLong(500))
                                * (0.5 + java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
                        case "not_member" -> 200;
                        default -> -1;
                    };
                    boolean refused = "unavailable".equals(code) || "rate_limited".equals(code);
                    if (refused && p.firstRefusedNanos == 0) {
                        p.firstRefusedNanos = now;
                    }
                    if (pause < 0) {
                        pending.remove(f.path("clientMsgId").asText());
                    } else if (refused && giveUpNanos > 0 && now - p.firstRefusedNanos >= giveUpNanos) {
                        // this attempt was refused, so none is in flight: the send leaves for good
                        pending.remove(f.path("clientMsgId").asText());
                        tracker.abandoned(userId, f.path("clientMsgId").asText(), p.conversationId);
                    } else {
                        p.retryAtNanos = now + TimeUnit.MILLISECONDS.toNanos(pause);
                    }
                }
            }
            default -> {
                // ready, pong, read, typing, presence: nothing to track
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

    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> ready;
        private final StringBuilder partial = new StringBuilder();
        volatile boolean closed;
        private String session;

        Listener(CompletableFuture<String> ready) {
            this.ready = ready;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode f = Json.mapper().readTree(text);
                    if ("ready".equals(f.path("type").asText())) {
                        session = f.path("sessionId").asText();
                        ready.complete(session);
                    } else {
                        onFrame(f, session);
                    }
                } catch (Exception e) {
                    tracker.error("client: " + e);
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            ready.completeExceptionally(new IllegalStateException("closed " + statusCode));
            disconnected(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
            ready.completeExceptionally(error);
            disconnected(webSocket);
        }
    }
}
