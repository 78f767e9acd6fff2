package dev.parley.edge.internal.redis;

import dev.parley.common.auth.LoginRevocations;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.NodeSubscription;
import dev.parley.common.redis.PresenceRegistry;
import dev.parley.common.redis.RedisLoginRevocations;
import dev.parley.common.redis.RedisNodePublisher;
import dev.parley.common.redis.RedisNodeSubscription;
import dev.parley.common.redis.RedisClients;
import dev.parley.common.redis.RedisPresence;
import dev.parley.edge.EdgeConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;

/**
 * The edge's Redis client and what it builds on it: commands (presence, publishing to node
 * channels), pub/sub (this node's channel; a subscribed connection cannot send other commands)
 * and the login revocations' own pair. Closing closes them all and the client.
 */
public final class RedisConnections implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final RedisPresence presence;
    private final RedisNodeSubscription channel;
    private final RedisNodePublisher publisher;
    private final RedisLoginRevocations revocations;

    private RedisConnections(RedisClient client, StatefulRedisConnection<String, String> commands,
                             RedisPresence presence, RedisNodeSubscription channel,
                             RedisLoginRevocations revocations) {
        this.client = client;
        this.revocations = revocations;
        this.commands = commands;
        this.presence = presence;
        this.channel = channel;
        this.publisher = new RedisNodePublisher(commands);
    }

    /** Connects both; fails when Redis is unreachable. */
    public static RedisConnections connect(EdgeConfig config, Clock clock) {
        RedisURI uri = RedisURI.create(config.redisUri());
        uri.setTimeout(Duration.ofSeconds(5));
        RedisClient client = RedisClients.create(uri);
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            RedisPresence presence = new RedisPresence(commands, config.nodeId(), config.presenceTtl(), clock);
            RedisNodeSubscription channel = new RedisNodeSubscription(
                    client.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)), config.nodeId(), clock);
            RedisLoginRevocations revocations = new RedisLoginRevocations(client, clock);
            return new RedisConnections(client, commands, presence, channel, revocations);
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

    /** Revoked logins ({@code RedisLoginRevocations}: a command connection and, once listening, a subscription). */
    public LoginRevocations revocations() {
        return revocations;
    }

    @Override
    public void close() {
        channel.close();
        revocations.close();
        presence.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
