package dev.parley.sinks.fakes;

import dev.parley.sinks.PresenceDirectory;
import dev.parley.sinks.internal.Presence;
import io.lettuce.core.RedisConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link PresenceDirectory} in memory, with the Redis hashes' expiry rule, for unit tests. */
public final class InMemoryPresenceDirectory implements PresenceDirectory {
    private final Clock clock;
    private final Map<String, Map<String, String>> hashes = new HashMap<>();
    private final java.util.Set<String> wrongType = new java.util.HashSet<>();
    private int failuresLeft;

    public InMemoryPresenceDirectory(Clock clock) {
        this.clock = clock;
    }

    /** Node {@code nodeId} vouches for {@code userId} until {@code until}, as an edge heartbeat writes it. */
    public synchronized void vouch(String userId, String nodeId, Instant until) {
        hashes.computeIfAbsent(userId, k -> new HashMap<>()).put(nodeId, Long.toString(until.toEpochMilli()));
    }

    /** The next {@code n} lookups fail as an unreachable Redis would (with Lettuce's exception). */
    public synchronized void failNext(int n) {
        failuresLeft = n;
    }

    /** The user's presence key holds something other than a hash: lookups including it fail with Redis's WRONGTYPE. */
    public synchronized void corrupt(String userId) {
        wrongType.add(userId);
    }

    @Override
    public synchronized CompletionStage<Map<String, Set<String>>> nodesOf(Collection<String> userIds) {
        if (userIds.stream().anyMatch(wrongType::contains)) {
            return CompletableFuture.failedFuture(new io.lettuce.core.RedisCommandExecutionException(
                    "WRONGTYPE Operation against a key holding the wrong kind of value"));
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            return CompletableFuture.failedFuture(new RedisConnectionException("in-memory presence unavailable"));
        }
        long now = clock.millis();
        Map<String, Set<String>> online = new LinkedHashMap<>();
        for (String user : userIds) {
            Set<String> nodes = Presence.liveNodes(hashes.getOrDefault(user, Map.of()), now);
            if (!nodes.isEmpty()) {
                online.put(user, nodes);
            }
        }
        return CompletableFuture.completedFuture(online);
    }
}
