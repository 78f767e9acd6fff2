package dev.parley.testkit.fakes;

import dev.parley.common.redis.PresenceHash;
import dev.parley.common.redis.PresenceRegistry;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The presence hashes of every node in memory, the counterpart of {@code RedisPresence}: the same
 * hash values, read by the same {@link PresenceHash}. This node's writes use {@code nodeId}; other
 * nodes are simulated with {@link #vouch}. Failures are those of Redis (Lettuce's exceptions).
 */
public final class InMemoryPresence implements PresenceRegistry {
    public static final String THIS_NODE = "edge-test";
    public static final String OTHER_NODE = "edge-other";

    private final Clock clock;
    private final Duration ttl;
    private final String nodeId;
    private final Map<String, Map<String, String>> hashes = new ConcurrentHashMap<>();
    private final Set<String> wrongType = ConcurrentHashMap.newKeySet();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();
    private volatile int failuresLeft;

    /** Only read (and {@link #vouch}ed): the router's view. */
    public InMemoryPresence(Clock clock) {
        this(clock, Duration.ofSeconds(30));
    }

    public InMemoryPresence(Clock clock, Duration ttl) {
        this(clock, ttl, THIS_NODE);
    }

    public InMemoryPresence(Clock clock, Duration ttl, String nodeId) {
        this.clock = clock;
        this.ttl = ttl;
        this.nodeId = nodeId;
    }

    /** Set a user online as if another node vouched for them. */
    public void vouch(String userId, long untilMillis) {
        vouch(userId, OTHER_NODE, untilMillis);
    }

    public void vouch(String userId, String node, long untilMillis) {
        hashes.computeIfAbsent(userId, k -> new ConcurrentHashMap<>()).put(node, PresenceHash.vouch(untilMillis));
    }

    public void vouch(String userId, String node, Instant until) {
        vouch(userId, node, until.toEpochMilli());
    }

    /** The next {@code n} lookups fail as an unreachable Redis would. */
    public void failNext(int n) {
        failuresLeft = n;
    }

    /** The user's presence key holds something other than a hash: lookups including it fail with Redis's WRONGTYPE. */
    public void corrupt(String userId) {
        wrongType.add(userId);
    }

    /** As a Redis restart: every vouch is lost, then the connection comes back. */
    public void restartStore() {
        hashes.clear();
        reconnectActions.forEach(Runnable::run);
    }

    @Override
    public void onReconnect(Runnable action) {
        reconnectActions.add(action);
    }

    /** "online:u" / "offline:u" in call order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public CompletionStage<Void> online(String userId) {
        events.add("online:" + userId);
        vouch(userId, nodeId, clock.millis() + ttl.toMillis());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> offline(String userId) {
        events.add("offline:" + userId);
        Map<String, String> hash = hashes.get(userId);
        if (hash != null) {
            hash.remove(nodeId);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> refresh(Collection<String> userIds) {
        userIds.forEach(u -> vouch(u, nodeId, clock.millis() + ttl.toMillis()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Map<String, Set<String>>> nodesOf(Collection<String> userIds) {
        if (userIds.stream().anyMatch(wrongType::contains)) {
            return CompletableFuture.failedFuture(new RedisCommandExecutionException(
                    "WRONGTYPE Operation against a key holding the wrong kind of value"));
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            return CompletableFuture.failedFuture(new RedisConnectionException("in-memory presence unavailable"));
        }
        long now = clock.millis();
        Map<String, Set<String>> online = new LinkedHashMap<>();
        for (String user : new LinkedHashSet<>(userIds)) {
            Set<String> nodes = PresenceHash.liveNodes(hashes.getOrDefault(user, Map.of()), now);
            if (!nodes.isEmpty()) {
                online.put(user, nodes);
            }
        }
        return CompletableFuture.completedFuture(online);
    }
}
