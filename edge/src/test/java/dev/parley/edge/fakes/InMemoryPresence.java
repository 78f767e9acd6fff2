package dev.parley.edge.fakes;

import dev.parley.edge.PresenceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The presence hashes of every node in memory, with the same "field = node, value = until epoch
 * ms" semantics as Redis. This node's writes use {@code nodeId}; other nodes are simulated with
 * {@link #vouch(String, String, long)}.
 */
public final class InMemoryPresence implements PresenceRegistry {
    public static final String OTHER_NODE = "edge-other";

    private final Clock clock;
    private final Duration ttl;
    private final String nodeId;
    private final Map<String, Map<String, Long>> hashes = new ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();

    public InMemoryPresence(Clock clock, Duration ttl) {
        this(clock, ttl, "edge-test");
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
        hashes.computeIfAbsent(userId, k -> new ConcurrentHashMap<>()).put(node, untilMillis);
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
        hashes.getOrDefault(userId, new ConcurrentHashMap<>()).remove(nodeId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> refresh(Collection<String> userIds) {
        userIds.forEach(u -> vouch(u, nodeId, clock.millis() + ttl.toMillis()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<String, Set<String>> nodesOf(Collection<String> userIds) {
        long now = clock.millis();
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String u : userIds) {
            Set<String> nodes = new TreeSet<>();
            hashes.getOrDefault(u, Map.of()).forEach((node, until) -> {
                if (until > now) {
                    nodes.add(node);
                }
            });
            if (!nodes.isEmpty()) {
                out.put(u, nodes);
            }
        }
        return out;
    }
}
