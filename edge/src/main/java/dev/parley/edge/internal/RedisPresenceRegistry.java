package dev.parley.edge.internal;

import dev.parley.common.redis.RedisKeys;
import dev.parley.edge.PresenceRegistry;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Presence in Redis (see {@link RedisKeys#presence(String)}). Writes are async commands on one
 * shared connection, so they reach Redis in call order and a batch is pipelined.
 */
final class RedisPresenceRegistry implements PresenceRegistry {
    private static final long READ_TIMEOUT_MS = 2_000;

    private final StatefulRedisConnection<String, String> connection;
    private final String nodeId;
    private final Duration ttl;
    private final Clock clock;

    RedisPresenceRegistry(StatefulRedisConnection<String, String> connection, String nodeId, Duration ttl,
                          Clock clock) {
        this.connection = connection;
        this.nodeId = nodeId;
        this.ttl = ttl;
        this.clock = clock;
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
        String until = Long.toString(clock.millis() + ttl.toMillis());
        List<CompletableFuture<?>> writes = new ArrayList<>(userIds.size() * 2);
        for (String userId : userIds) {
            String key = RedisKeys.presence(userId);
            writes.add(redis.hset(key, nodeId, until).toCompletableFuture());
            writes.add(redis.pexpire(key, ttl.toMillis()).toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    @Override
    public Map<String, Set<String>> nodesOf(Collection<String> userIds) {
        RedisAsyncCommands<String, String> redis = connection.async();
        Map<String, RedisFuture<Map<String, String>>> reads = new LinkedHashMap<>();
        userIds.forEach(u -> reads.computeIfAbsent(u, k -> redis.hgetall(RedisKeys.presence(k))));
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try {
            for (var e : reads.entrySet()) {
                Map<String, String> fields = e.getValue().get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                long now = clock.millis();
                Set<String> nodes = new TreeSet<>();
                fields.forEach((node, value) -> {
                    if (until(value) > now) {
                        nodes.add(node);
                    }
                });
                if (!nodes.isEmpty()) {
                    out.put(e.getKey(), nodes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("presence read failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static long until(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Waits for the writes already dispatched (e.g. the drain's HDELs): Redis answers in order. */
    @Override
    public void close() {
        try {
            connection.async().ping().get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort: the fields expire by themselves
        }
    }
}
