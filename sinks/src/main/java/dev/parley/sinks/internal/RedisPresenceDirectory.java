package dev.parley.sinks.internal;

import dev.parley.common.redis.RedisKeys;
import dev.parley.sinks.PresenceDirectory;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link PresenceDirectory} on the edges' presence hashes: one pipelined HGETALL per user, awaited together. */
public final class RedisPresenceDirectory implements PresenceDirectory {
    private final RedisAsyncCommands<String, String> redis;
    private final Clock clock;

    public RedisPresenceDirectory(RedisAsyncCommands<String, String> redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Map<String, Set<String>>> nodesOf(Collection<String> userIds) {
        List<String> users = List.copyOf(new LinkedHashSet<>(userIds));
        List<CompletableFuture<Map<String, String>>> lookups = new ArrayList<>(users.size());
        for (String user : users) {
            lookups.add(redis.hgetall(RedisKeys.presence(user)).toCompletableFuture());
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(v -> {
            long now = clock.millis();
            Map<String, Set<String>> online = new LinkedHashMap<>();
            for (int i = 0; i < users.size(); i++) {
                Set<String> nodes = Presence.liveNodes(lookups.get(i).join(), now);
                if (!nodes.isEmpty()) {
                    online.put(users.get(i), nodes);
                }
            }
            return online;
        });
    }
}
