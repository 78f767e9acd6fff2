package dev.parley.edge.internal;

import dev.parley.common.frame.ReadyFrame;
import dev.parley.common.limit.SendLimiter;
import dev.parley.common.observe.Tracing;
import dev.parley.edge.AccessToken;
import dev.parley.edge.CommandSink;
import dev.parley.edge.EdgeLimits;
import dev.parley.common.redis.PresenceRegistry;
import io.helidon.websocket.WsSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's WebSocket sessions and their lifecycle: opening them, keeping them alive (server
 * pings, the presence heartbeat) and closing them (idle, token expiry or revocation, drain). The
 * two data paths are apart: {@link #inbound()} (client frame to command sink) and
 * {@link #outbound()} (node channel to sessions).
 */
public final class SessionHub {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHub.class);
    private static final byte[] PING_DATA = {'p'};

    private final String nodeId;
    private final int queueCapacity;
    private final Duration idleTimeout;
    private final EdgeLimits limits;
    private final Clock clock;
    private final PresenceRegistry presence;
    private final ScheduledExecutorService scheduler;
    private final SessionRegistry registry;
    private final TypingThrottle typing;
    private final SessionInbound inbound;
    private final SessionOutbound outbound;
    private final SendBackpressure backpressure;
    private final EdgeMeters meters;
    private volatile boolean draining;

    /**
     * @param sends   the per-user send limit every send must pass before it reaches {@code sink}
     * @param meters  the node's meters: this hub reports its open sockets and every session's frames and closes
     * @param tracing where the {@code edge.send} hop of each send starts its trace
     */
    public SessionHub(String nodeId, int queueCapacity, Duration idleTimeout, EdgeLimits limits, Clock clock,
                      CommandSink sink, SendLimiter sends, PresenceRegistry presence, PresenceListener listener,
                      ScheduledExecutorService scheduler, EdgeMeters meters, Tracing tracing) {
        this.nodeId = nodeId;
        this.queueCapacity = queueCapacity;
        this.idleTimeout = idleTimeout;
        this.limits = limits;
        this.clock = clock;
        this.presence = presence;
        this.scheduler = scheduler;
        this.meters = meters;
        this.registry = new SessionRegistry(presence, listener);
        this.typing = new TypingThrottle(limits.typingInterval(), clock);
        this.backpressure = new SendBackpressure(clock, limits.maxAckDelay(), limits.sheddingAckDelay(),
                limits.stallGrace());
        this.inbound = new SessionInbound(clock,
                new FrameHandler(nodeId, clock, sink, sends, typing, backpressure, meters, tracing), listener);
        this.outbound = new SessionOutbound(registry, backpressure);
        meters.sockets(registry::size);
    }

    public String nodeId() {
        return nodeId;
    }

    public SessionRegistry registry() {
        return registry;
    }

    /** Client frames of this node's sessions, to the command sink. */
    SessionInbound inbound() {
        return inbound;
    }

    /** Envelopes from the node channel, to this node's sessions. */
    public SessionOutbound outbound() {
        return outbound;
    }

    /** The node's overload shedding of sends. */
    public SendBackpressure backpressure() {
        return backpressure;
    }

    public boolean draining() {
        return draining;
    }

    /** Checked before the upgrade: false when the user already holds the maximum of sockets here. */
    boolean hasRoomFor(String userId) {
        return registry.count(userId) < limits.socketsPerUser();
    }

    EdgeSession open(WsSession ws, AccessToken token) {
        String sessionId = UUID.randomUUID().toString();
        EdgeSession session = new EdgeSession(sessionId, token, ws, queueCapacity, clock, limits.pings(), meters,
                this::gone);
        session.reads(new ReadCoalescer(limits.readCoalesce(), scheduler,
                (conversationId, seq) -> inbound.read(session, conversationId, seq)));
        session.send(new ReadyFrame(token.userId(), sessionId)); // queued before anything can be delivered
        if (!registry.add(session, limits.socketsPerUser())) {
            // two upgrades raced past the check before the upgrade: the later one is closed at once
            session.start();
            session.close(CloseReason.TOO_MANY_SOCKETS, false);
            return session;
        }
        session.start();
        scheduleExpiry(session, token.expiresAt());
        if (draining) {
            session.close(CloseReason.DRAIN, false);
        }
        LOG.debug("session {} of {} opened", sessionId, token.userId());
        return session;
    }

    private void gone(EdgeSession session) {
        if (registry.remove(session)) {
            typing.forget(session.userId());
        }
        backpressure.forget(session.sessionId());
    }

    /**
     * Closes sessions whose token expired (4001) or that were silent longer than the idle
     * timeout (no frame, no pong to the server's pings); needed because Helidon does not report a
     * peer that vanished without a close frame.
     */
    public void sweep() {
        Instant now = clock.instant();
        for (EdgeSession s : registry.all()) {
            if (!now.isBefore(s.expiresAt())) {
                s.close(CloseReason.TOKEN_EXPIRED, true);
            } else if (s.lastSeen().plus(idleTimeout).isBefore(now)) {
                LOG.info("session {} of {} idle since {}, closing", s.sessionId(), s.userId(), s.lastSeen());
                s.close(CloseReason.IDLE, true);
            }
        }
    }

    /** Sends a WebSocket ping to every session: browsers answer by themselves, and the pong is liveness. */
    public void keepalive() {
        for (EdgeSession s : registry.all()) {
            s.ping(PING_DATA);
        }
    }

    /** Closes every open session of a revoked login with 4001; returns how many. */
    int closeLogin(String loginId) {
        int closed = 0;
        for (EdgeSession s : registry.all()) {
            if (loginId.equals(s.loginId())) {
                s.close(CloseReason.REVOKED, true);
                closed++;
            }
        }
        return closed;
    }

    /** The logins of the open sessions (a snapshot; sessions of tokens without one are left out). */
    Set<String> openLogins() {
        return registry.all().stream().map(EdgeSession::loginId).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** Refreshes this node's presence for every local user. */
    public void heartbeat() {
        presence.refresh(registry.users()).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("presence heartbeat failed: {}", e.toString());
            }
        });
    }

    /** Refuses new sessions, closes every open one with 1001 and waits for their close frames. */
    public void drain(Duration timeout) {
        draining = true;
        List<EdgeSession> sessions = registry.all();
        sessions.forEach(s -> s.close(CloseReason.DRAIN, false));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (EdgeSession s : sessions) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !s.awaitWriter(Duration.ofNanos(left))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleExpiry(EdgeSession session, Instant expiresAt) {
        long delayMs = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
        try {
            session.expiryTask(scheduler.schedule(() -> {
                if (session.isGone()) {
                    return;
                }
                if (clock.instant().isBefore(expiresAt)) {
                    scheduleExpiry(session, expiresAt);
                } else {
                    session.close(CloseReason.TOKEN_EXPIRED, true);
                }
            }, delayMs, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the drain closes the session anyway
        }
    }
}
