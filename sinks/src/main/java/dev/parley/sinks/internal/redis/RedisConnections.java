package dev.parley.sinks.internal.redis;

import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.PresenceDirectory;
import dev.parley.common.redis.RedisNodePublisher;
import dev.parley.common.redis.RedisClients;
import dev.parley.common.redis.RedisConnection;
import dev.parley.common.redis.RedisPresence;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;

/**
 * The router's Redis client and its one connection (standalone Redis), which both reads presence
 * and publishes to node channels (so a chunk's lookups and publishes are pipelined on it).
 */
public final class RedisConnections implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final PresenceDirectory presence;
    private final NodePublisher publisher;

    private RedisConnections(RedisClient client, StatefulRedisConnection<String, String> connection, Clock clock) {
        this.client = client;
        this.connection = connection;
        this.presence = RedisPresence.reader(connection, clock);
        this.publisher = new RedisNodePublisher(connection);
    }

    /**
     * Connects. While the connection is down, commands fail at once instead of queueing (so the
     * router backs off); every command times out after {@code requestTimeout}. Lettuce reconnects
     * by itself.
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis does not answer
     */
    public static RedisConnections open(RedisConnection redis, Duration requestTimeout, Clock clock) {
        RedisClient client = RedisClients.create(redis.redisUri());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(requestTimeout))
                .build());
        try {
            return new RedisConnections(client, client.connect(), clock);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    /** Every node's vouches, read only. */
    public PresenceDirectory presence() {
        return presence;
    }

    public NodePublisher publisher() {
        return publisher;
    }

    /**
     * One PING on the router's own connection, for readiness: it fails at once while the connection
     * is down (commands are rejected, not queued) and after {@code requestTimeout} otherwise.
     */
    public String ping() {
        return connection.sync().ping();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
