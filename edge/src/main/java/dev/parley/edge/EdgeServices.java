package dev.parley.edge;

import dev.parley.common.auth.LoginRevocations;
import dev.parley.common.event.DeadLetterSink;
import dev.parley.common.http.OriginPolicy;
import dev.parley.common.limit.SendLimiter;
import dev.parley.common.observe.Observability;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.NodeSubscription;
import dev.parley.common.redis.PresenceRegistry;
import dev.parley.common.redis.RedisSendLimiter;
import dev.parley.common.service.Timer;
import dev.parley.edge.internal.Admission;
import dev.parley.edge.internal.ChannelCatchUp;
import dev.parley.edge.internal.EdgeMeters;
import dev.parley.edge.internal.HistoryDirectPeers;
import dev.parley.edge.internal.HistoryService;
import dev.parley.edge.internal.LoginWatch;
import dev.parley.edge.internal.NodeInbox;
import dev.parley.edge.internal.PresenceNotifier;
import dev.parley.edge.internal.SessionHub;
import dev.parley.edge.internal.UpgradeGate;
import dev.parley.edge.internal.UserRateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the edge's routes run on: the outside dependencies (behind the project's own
 * interfaces) and the node's session state. Built by {@link Main} with the real adapters and by
 * tests with in-memory ones. {@link #start()} begins the periodic work (heartbeat, sweeper);
 * nothing in the constructor starts a thread.
 *
 * <p>The node's meters and traces go to the {@link Observability} it is given; {@link Main} serves
 * them and its health checks, tests read them in memory.
 *
 * <p>Presence changes of local users are announced to their direct-conversation peers
 * ({@link PresenceNotifier}) on a few virtual threads of their own: finding the peers reads CQL.
 */
public final class EdgeServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServices.class);
    /** Concurrent presence announcements: bounds the CQL reads a burst of (dis)connects causes. */
    private static final int PRESENCE_WORKERS = 4;
    /** Users caught up at once after the node channel was down: bounds the CQL reads that burst causes. */
    private static final int CATCH_UP_WORKERS = 4;

    private final EdgeConfig config;
    private final Clock clock;
    private final SendLimiter sends;
    private final Observability observability;
    /** Whether {@link #close()} closes {@link #observability}: only when this built it. */
    private final boolean ownsObservability;
    private final EdgeMeters meters;
    private final PresenceRegistry presence;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService presenceWorkers;
    private final ExecutorService catchUpWorkers;
    private final ChannelCatchUp channelCatchUp;
    private final PresenceNotifier notifier;
    private final SessionHub hub;
    private final Admission admission;
    private final HistoryService history;
    private final LoginWatch logins;
    private final UpgradeGate gate;
    private final UserRateLimiter restRate;
    private final NodeInbox inbox;

    /**
     * @param sends       the per-user send limit (built on {@code config.limits().sends()}): one
     *                    {@link RedisSendLimiter} shared by every node in production
     * @param publisher   where presence frames for peers go: every node's channel, this node's too
     * @param revocations revoked logins: refused at upgrade, their open sessions closed with 4001
     * @param deadLetters where node-channel messages that can never be delivered go
     */
    public EdgeServices(EdgeConfig config, Clock clock, TokenVerifier tokens, CommandSink commands, SendLimiter sends,
                        PresenceRegistry presence, HistoryReader history, NodePublisher publisher,
                        LoginRevocations revocations, DeadLetterSink deadLetters) {
        this(config, clock, tokens, commands, sends, presence, history, publisher, revocations, deadLetters,
                Observability.inMemory("edge"), true);
    }

    /** @param observability where the node's meters and traces go; its health checks and server are the caller's */
    public EdgeServices(EdgeConfig config, Clock clock, TokenVerifier tokens, CommandSink commands, SendLimiter sends,
                        PresenceRegistry presence, HistoryReader history, NodePublisher publisher,
                        LoginRevocations revocations, DeadLetterSink deadLetters, Observability observability) {
        this(config, clock, tokens, commands, sends, presence, history, publisher, revocations, deadLetters,
                observability, false);
    }

    private EdgeServices(EdgeConfig config, Clock clock, TokenVerifier tokens, CommandSink commands, SendLimiter sends,
                         PresenceRegistry presence, HistoryReader history, NodePublisher publisher,
                         LoginRevocations revocations, DeadLetterSink deadLetters, Observability observability,
                         boolean ownsObservability) {
        this.config = config;
        this.clock = clock;
        this.sends = sends;
        this.observability = observability;
        this.ownsObservability = ownsObservability;
        this.meters = new EdgeMeters(observability.meters());
        this.presence = presence;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("edge-timer")
                .factory());
        this.presenceWorkers = Executors.newFixedThreadPool(PRESENCE_WORKERS,
                Thread.ofVirtual().name("presence-", 0).factory());
        this.notifier = new PresenceNotifier(new HistoryDirectPeers(history), presence, publisher, presenceWorkers,
                Timer.of(scheduler), PresenceNotifier.RECHECKS);
        this.hub = new SessionHub(config.nodeId(), config.sessionQueue(), config.idleTimeout(), config.limits(), clock,
                commands, sends, presence, notifier, scheduler, meters, observability.tracing());
        this.admission = new Admission(tokens, new OriginPolicy(config.allowedOrigins()));
        this.history = new HistoryService(history);
        this.logins = new LoginWatch(revocations, hub);
        this.gate = new UpgradeGate(hub, admission, logins);
        this.restRate = new UserRateLimiter(config.limits().rest(), clock);
        this.inbox = new NodeInbox(config.nodeId(), hub.outbound(), deadLetters, clock, meters,
                observability.tracing());
        this.catchUpWorkers = Executors.newFixedThreadPool(CATCH_UP_WORKERS,
                Thread.ofVirtual().name("catch-up-", 0).factory());
        this.channelCatchUp = new ChannelCatchUp(hub, this.history, catchUpWorkers, Timer.of(scheduler), clock);
    }

    public EdgeConfig config() {
        return config;
    }

    public Observability observability() {
        return observability;
    }

    /** The edge's meters, registered in {@link #observability()}. */
    public EdgeMeters meters() {
        return meters;
    }

    public SessionHub hub() {
        return hub;
    }

    public Admission admission() {
        return admission;
    }

    /** Revoked logins on this node ({@link #start()} starts listening). */
    public LoginWatch logins() {
        return logins;
    }

    /** What a WebSocket upgrade must pass. */
    public UpgradeGate gate() {
        return gate;
    }

    /** Sends per user. */
    public SendLimiter sends() {
        return sends;
    }

    /** REST calls per user. */
    public UserRateLimiter restRate() {
        return restRate;
    }

    /** Where this node's channel delivers: every message as published. */
    public NodeInbox inbox() {
        return inbox;
    }

    /**
     * What this node does when its channel drops and when it is back. While it is down no answer
     * can arrive, so sends waiting for theirs are no sign of overload (the edge would shed every
     * send, and the clients would come back seconds after the channel). Back, every session here
     * catches up from history, which also acks the sends whose answers were lost.
     */
    public NodeSubscription.Gaps channelGaps() {
        return new NodeSubscription.Gaps() {
            @Override
            public void lost(Instant at) {
                hub.backpressure().answersLost();
            }

            @Override
            public void back(Instant lostAt) {
                // Takes the sends whose answers may be lost out of the backlog before the rules apply again.
                channelCatchUp.run(lostAt);
                hub.backpressure().answersFlowing();
            }
        };
    }

    public HistoryService history() {
        return history;
    }

    public PresenceRegistry presence() {
        return presence;
    }

    /**
     * Starts the presence heartbeat (every ttl/3), the server pings ({@link EdgeConfig#effectivePingInterval()}),
     * the liveness sweeper (which also forgets idle REST rate buckets and full send buckets kept in
     * this process) and listening for revoked logins.
     */
    public void start() {
        long beat = Math.max(1, config.presenceTtl().toMillis() / 3);
        long sweep = Math.clamp(config.idleTimeout().toMillis() / 4, 250, 5000);
        long ping = Math.max(1, config.effectivePingInterval().toMillis());
        scheduler.scheduleAtFixedRate(guard(hub::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
        presence.onReconnect(() -> scheduler.execute(guard(hub::heartbeat)));
        scheduler.scheduleWithFixedDelay(guard(hub::keepalive), ping, ping, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard(() -> {
            hub.sweep();
            restRate.evictIdle();
            sends.evictFull(clock.millis());
        }), sweep, sweep, TimeUnit.MILLISECONDS);
        logins.start();
    }

    /**
     * Graceful drain: refuse new sockets, close open ones with 1001 (which also clears presence).
     * No presence frames: the clients reconnect to another node at once, so "offline" would only flap.
     */
    public void drain() {
        notifier.stop();
        hub.drain(config.drainTimeout());
    }

    @Override
    public void close() {
        notifier.stop();
        scheduler.shutdownNow();
        presenceWorkers.shutdownNow();
        catchUpWorkers.shutdownNow();
        if (ownsObservability) {
            observability.close();
        }
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("periodic task failed: {}", e.toString());
            }
        };
    }
}
