package dev.parley.edge.internal;

import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.limit.TokenBucket;
import dev.parley.edge.AccessToken;
import dev.parley.edge.EdgeLimits;
import io.helidon.websocket.WsSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One open WebSocket of one user on this node. */
public final class EdgeSession {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeSession.class);

    private final String sessionId;
    private final AccessToken token;
    private final SessionWriter writer;
    private final Consumer<EdgeSession> onGone;
    private final Clock clock;
    private final EdgeMeters meters;
    private final AtomicBoolean gone = new AtomicBoolean();
    /** Closed so that its client reconnects at once: leaving changes nothing in presence. */
    private volatile boolean handedBack;
    private final TokenBucket pings;
    /** Guarded by {@code this}: a session's pings arrive on its reader, but the state must never tear. */
    private TokenBucket.State pingState;
    private volatile ReadCoalescer reads;
    private volatile SeqGate delivered;
    private volatile Instant lastSeen;
    private volatile ScheduledFuture<?> expiryTask;

    EdgeSession(String sessionId, AccessToken token, WsSession ws, int queueCapacity, Clock clock,
                EdgeLimits.Rate pingRate, EdgeMeters meters, Consumer<EdgeSession> onGone) {
        this.sessionId = sessionId;
        this.token = token;
        this.onGone = onGone;
        this.clock = clock;
        this.meters = meters;
        Instant now = clock.instant();
        this.lastSeen = now;
        this.pings = pingRate.tokenBucket();
        this.writer = new SessionWriter(ws, queueCapacity, e -> gone(CloseReason.ERROR));
    }

    public String sessionId() {
        return sessionId;
    }

    public String userId() {
        return token.userId();
    }

    Instant expiresAt() {
        return token.expiresAt();
    }

    /**
     * Whether a {@code message} frame of {@code conversationId} with {@code seq} may go to this
     * session: only in increasing seq ({@link SeqGate}).
     */
    boolean admitMessage(String conversationId, long seq) {
        SeqGate gate = delivered;
        if (gate == null) {
            synchronized (this) {
                gate = delivered;
                if (gate == null) {
                    gate = new SeqGate();
                    delivered = gate;
                }
            }
        }
        return gate.admit(conversationId, seq);
    }

    /**
     * Queues a {@code message} frame if {@link #admitMessage} lets it through, as one step: live
     * deliveries (the Redis event loop) and a catch-up (a worker) may offer the same conversation
     * at once, and the frame admitted with the higher seq must not be queued first.
     *
     * @return whether it was queued
     */
    synchronized boolean sendMessage(String conversationId, long seq, Instant sentAt, String text) {
        if (!admitMessage(conversationId, seq)) {
            return false;
        }
        closeIfOverflowed(writer.text(text, meters.messageOut(sentAt, clock)));
        return true;
    }

    /** The login the token belongs to; null for tokens without one. */
    String loginId() {
        return token.loginId();
    }

    /** A JSON {@code ping} frame: false when over the session's ping rate (dropped silently). */
    synchronized boolean takePing(Instant now) {
        TokenBucket.Decision d = pings.take(pingState, now.toEpochMilli());
        pingState = d.state();
        return d.allowed();
    }

    ReadCoalescer reads() {
        return reads;
    }

    void reads(ReadCoalescer coalescer) {
        reads = coalescer;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    void expiryTask(ScheduledFuture<?> task) {
        expiryTask = task;
    }

    void start() {
        writer.start("ws-writer-" + sessionId);
    }

    /** Queues a frame; a full queue closes the session as a slow consumer. */
    void send(ServerFrame frame) {
        sendText(frame, Frames.write(frame));
    }

    /** Queues {@code frame}, already written as {@code text} (once for all the sessions it goes to). */
    void sendText(ServerFrame frame, String text) {
        sendText(frame, text, -1);
    }

    /**
     * The same; {@code admittedAt} (epoch ms, else -1) is when the send an ack answers was admitted
     * ({@link SendBackpressure} keeps it while the send is pending): the ack, once written, is timed.
     */
    void sendText(ServerFrame frame, String text, long admittedAt) {
        closeIfOverflowed(writer.text(text, afterWrite(frame, admittedAt)));
    }

    /**
     * What to count once the frame is written ({@code frames.out}, and {@code send.ack} for a timed
     * ack). An error frame counts as a refusal here, when it is handed over, whether or not the
     * socket still takes it.
     */
    private Runnable afterWrite(ServerFrame frame, long admittedAt) {
        Runnable written = meters.frameOut(frame);
        if (frame instanceof ErrorFrame error) {
            meters.refused(error.code());
        } else if (frame instanceof AckFrame && admittedAt >= 0) {
            return () -> {
                written.run();
                meters.ackWritten(Duration.ofMillis(clock.millis() - admittedAt));
            };
        }
        return written;
    }

    void pong(byte[] data) {
        closeIfOverflowed(writer.pong(data));
    }

    /** A WebSocket ping frame (keepalive); the client's pong counts as liveness. */
    void ping(byte[] data) {
        closeIfOverflowed(writer.ping(data));
    }

    /** A full queue closes the session as a slow consumer, and says so in the log, whichever frame (text, ping or pong) found it full. */
    private void closeIfOverflowed(SessionWriter.Offer offer) {
        if (offer == SessionWriter.Offer.OVERFLOW) {
            LOG.info("session {} of {} is a slow consumer, closing", sessionId, userId());
            close(CloseReason.SLOW_CONSUMER, true);
        }
    }

    /**
     * Closes with 1001 after what is queued, telling the client to reconnect (with jitter) and
     * catch up from history. The user's presence is left as it is: they are back within seconds,
     * and "offline" would only flap; if they do not come back, this node's vouch runs out.
     */
    void closeToCatchUp() {
        handedBack = true;
        close(CloseReason.CATCH_UP, false);
    }

    /** Whether leaving should leave the user's presence alone ({@link #closeToCatchUp()}). */
    boolean keepsPresence() {
        return handedBack;
    }

    /** Server-initiated close: leaves the registry at once, then the writer sends the close frame. */
    void close(CloseReason reason, boolean force) {
        gone(reason);
        writer.close(reason.code().code(), reason.text(), force);
    }

    /** The peer closed ({@link CloseReason#PEER}, {@link CloseReason#PROTOCOL}) or the connection failed: no close frame from us. */
    void closedByPeer(CloseReason reason) {
        gone(reason);
        writer.stop(Duration.ofSeconds(1));
    }

    boolean awaitWriter(Duration timeout) throws InterruptedException {
        return writer.awaitTermination(timeout);
    }

    boolean isGone() {
        return gone.get();
    }

    /** The first reason to end the session is the one counted; the later ones find it gone. */
    private void gone(CloseReason reason) {
        if (gone.compareAndSet(false, true)) {
            meters.closed(reason);
            ScheduledFuture<?> t = expiryTask;
            if (t != null) {
                t.cancel(false);
            }
            ReadCoalescer r = reads;
            if (r != null) {
                r.flush(); // the highest read seq of the last window is never lost
            }
            onGone.accept(this);
        }
    }
}
