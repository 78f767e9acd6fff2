package dev.parley.edge.internal;

import dev.parley.edge.EdgeConfig;
import dev.parley.edge.NodeChannel;
import dev.parley.edge.NodePublisher;
import dev.parley.edge.PresenceRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;

/**
 * The edge's two Redis connections: commands (presence, publishing to node channels) and pub/sub
 * (this node's channel; a subscribed connection cannot send other commands). Closing closes both and the client.
 */
public final class RedisConnections implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final RedisPresenceRegistry presence;
    private final RedisNodeChannel channel;
    private final RedisNodePublisher publisher;

    private RedisConnections(RedisClient client, StatefulRedisConnection<String, String> commands,
                             RedisPresenceRegistry presence, RedisNodeChannel channel) {
        this.client = client;
        this.commands = commands;
        this.presence = presence;
        this.channel = channel;
        this.publisher = new RedisNodePublisher(commands);
    }

    /** Connects both; fails when Redis is unreachable. */
    public static RedisConnections connect(EdgeConfig config, Clock clock) {
        RedisURI uri = RedisURI.create(config.redisUri());
        uri.setTimeout(Duration.ofSeconds(5));
        RedisClient client = RedisClient.create(uri);
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            RedisPresenceRegistry presence = new RedisPresenceRegistry(commands, config.nodeId(),
                    config.presenceTtl(), clock);
            RedisNodeChannel channel = new RedisNodeChannel(client.connectPubSub(), config.nodeId());
            return new RedisConnections(client, commands, presence, channel);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    public PresenceRegistry presence() {
        return presence;
    }

    public NodeChannel channel() {
        return channel;
    }

    public NodePublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        channel.close();
        presence.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
