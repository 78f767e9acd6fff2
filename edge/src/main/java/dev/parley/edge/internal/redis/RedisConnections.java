package dev.parley.edge.internal.redis;

import dev.parley.common.auth.LoginRevocations;
import dev.parley.common.redis.AnswerDeadlines;
import dev.parley.common.limit.TokenBucket;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.NodeSubscription;
import dev.parley.common.redis.PresenceRegistry;
import dev.parley.common.redis.RedisLoginRevocations;
import dev.parley.common.redis.RedisNodePublisher;
import dev.parley.common.redis.RedisNodeSubscription;
import dev.parley.common.redis.RedisClients;
import dev.parley.common.redis.RedisPresence;
import dev.parley.common.redis.RedisSendLimiter;
import dev.parley.edge.EdgeConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The edge's Redis client and what it builds on it: commands (presence, publishing to node
 * channels, the shared send limit), pub/sub (this node's channel; a subscribed connection cannot send other commands)
 * and the login revocations' own pair. Closing closes them all and the client.
 */
public final class RedisConnections implements AutoCloseable {
    /** A readiness probe waits this long for PONG: less than the scrape interval, so probes never pile up. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private final RedisPresence presence;
    private final RedisNodeSubscription channel;
    private final RedisNodePublisher publisher;
    private final RedisLoginRevocations revocations;
    private final AnswerDeadlines sendLimitDeadlines = RedisSendLimiter.deadlines();
    /** The deadlines' sweeps, on the Redis client's own event executors (shared by the process, so cancelled on close). */
    private final ScheduledFuture<?> sweeps;

    private RedisConnections(RedisClient client, StatefulRedisConnection<String, String> commands,
                             StatefulRedisPubSubConnection<String, byte[]> pubSub, RedisPresence presence,
                             RedisNodeSubscription channel, RedisLoginRevocations revocations) {
        this.client = client;
        this.pubSub = pubSub;
        this.revocations = revocations;
        this.commands = commands;
        this.presence = presence;
        this.channel = channel;
        this.publisher = new RedisNodePublisher(commands);
        this.sweeps = sendLimitDeadlines.sweepOn(client.getResources().eventExecutorGroup());
    }

    /** Connects both; fails when Redis is unreachable. */
    public static RedisConnections connect(EdgeConfig config, Clock clock) {
        RedisURI uri = config.redis().redisUri();
        uri.setTimeout(Duration.ofSeconds(5));
        RedisClient client = RedisClients.create(uri);
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            RedisPresence presence = new RedisPresence(commands, config.nodeId(), config.presenceTtl(), clock);
            StatefulRedisPubSubConnection<String, byte[]> pubSub =
                    client.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            RedisNodeSubscription channel = new RedisNodeSubscription(pubSub, config.nodeId(), clock);
            RedisLoginRevocations revocations = new RedisLoginRevocations(client, clock);
            return new RedisConnections(client, commands, pubSub, presence, channel, revocations);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    public PresenceRegistry presence() {
        return presence;
    }

    /** This node's channel. */
    public NodeSubscription channel() {
        return channel;
    }

    public NodePublisher publisher() {
        return publisher;
    }

    /**
     * The per-user send limit shared by every edge node, on the commands connection (Lettuce
     * multiplexes it: a script call per send needs no connection of its own).
     */
    public RedisSendLimiter sendLimiter(TokenBucket bucket) {
        return new RedisSendLimiter(commands, bucket, sendLimitDeadlines);
    }

    /** Revoked logins ({@code RedisLoginRevocations}: a command connection and, once listening, a subscription). */
    public LoginRevocations revocations() {
        return revocations;
    }

    /**
     * Readiness: this node's channel connection is up (while it is down, deliveries to this node's
     * sessions are lost) and Redis answers a PING on the commands connection (presence, publishing).
     *
     * @throws IllegalStateException when either is not so
     */
    public String probe() throws Exception {
        if (!pubSub.isOpen()) {
            throw new IllegalStateException("the node channel's connection is down");
        }
        return "PING " + commands.async().ping().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sweeps.cancel(false);
        channel.close();
        revocations.close();
        presence.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
