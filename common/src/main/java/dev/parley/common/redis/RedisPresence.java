package dev.parley.common.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The presence hashes in Redis ({@link PresenceHash}). Commands are async on one shared
 * connection, so one node's writes reach Redis in call order and a batch (a heartbeat, a chunk of
 * lookups) is pipelined. A reader that never writes (the sinks' router) is built with
 * {@link #reader}.
 */
public final class RedisPresence implements PresenceRegistry {
    private final StatefulRedisConnection<String, String> connection;
    private final String nodeId;
    private final Duration ttl;
    private final Clock clock;

    /** This node's vouches last {@code ttl} (the heartbeat refreshes them well before). */
    public RedisPresence(StatefulRedisConnection<String, String> connection, String nodeId, Duration ttl, Clock clock) {
        this.connection = connection;
        this.nodeId = nodeId;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Reads only: a directory of every node's vouches. */
    public static PresenceDirectory reader(StatefulRedisConnection<String, String> connection, Clock clock) {
        RedisPresence presence = new RedisPresence(connection, null, Duration.ZERO, clock);
        return presence::nodesOf;
    }

    @Override
    public void onReconnect(Runnable action) {
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
                action.run();
            }
        });
    }

    @Override
    public CompletionStage<Void> online(String userId) {
        return refresh(List.of(userId));
    }

    @Override
    public CompletionStage<Void> offline(String userId) {
        return connection.async().hdel(RedisKeys.presence(userId), nodeId).thenApply(n -> (Void) null);
    }

    @Override
    public CompletionStage<Void> refresh(Collection<String> userIds) {
        RedisAsyncCommands<String, String> redis = connection.async();
        String until = PresenceHash.vouch(clock.millis() + ttl.toMillis());
        List<CompletableFuture<?>> writes = new ArrayList<>(userIds.size() * 2);
        for (String userId : userIds) {
            String key = RedisKeys.presence(userId);
            writes.add(redis.hset(key, nodeId, until).toCompletableFuture());
            writes.add(redis.pexpire(key, ttl.toMillis()).toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** One pipelined {@code HGETALL} per distinct user, awaited together. */
    @Override
    public CompletionStage<Map<String, Set<String>>> nodesOf(Collection<String> userIds) {
        RedisAsyncCommands<String, String> redis = connection.async();
        List<String> users = List.copyOf(new LinkedHashSet<>(userIds));
        List<CompletableFuture<Map<String, String>>> lookups = new ArrayList<>(users.size());
        for (String user : users) {
            lookups.add(redis.hgetall(RedisKeys.presence(user)).toCompletableFuture());
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(v -> {
            long now = clock.millis();
            Map<String, Set<String>> online = new LinkedHashMap<>();
            for (int i = 0; i < users.size(); i++) {
                Set<String> nodes = PresenceHash.liveNodes(lookups.get(i).join(), now);
                if (!nodes.isEmpty()) {
                    online.put(users.get(i), nodes);
                }
            }
            return online;
        });
    }

    /** Waits for the writes already dispatched (e.g. the drain's HDELs): Redis answers in order. */
    @Override
    public void close() {
        try {
            connection.async().ping().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort: the fields expire by themselves
        }
    }
}
