package dev.parley.edge.fakes;

import dev.parley.edge.PresenceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Presence of one node, with the same "field until epoch ms" semantics as the Redis hash. */
public final class InMemoryPresence implements PresenceRegistry {
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Long> until = new ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    public InMemoryPresence(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Set a user online as if another node vouched for them. */
    public void vouch(String userId, long untilMillis) {
        until.put(userId, untilMillis);
    }

    /** "online:u" / "offline:u" in call order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public CompletionStage<Void> online(String userId) {
        events.add("online:" + userId);
        until.put(userId, clock.millis() + ttl.toMillis());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> offline(String userId) {
        events.add("offline:" + userId);
        until.remove(userId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> refresh(Collection<String> userIds) {
        userIds.forEach(u -> until.put(u, clock.millis() + ttl.toMillis()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<String, Boolean> status(List<String> userIds) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        userIds.forEach(u -> out.put(u, until.getOrDefault(u, 0L) > clock.millis()));
        return out;
    }
}
