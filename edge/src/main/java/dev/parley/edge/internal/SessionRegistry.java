package dev.parley.edge.internal;

import dev.parley.edge.PresenceRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions this node holds, by session id and by user. A user's first session marks them
 * online in the presence registry and their last one offline; both happen under the per-user
 * lock of the map, so the presence writes of one user are dispatched in order. Once a write has
 * completed, the {@link PresenceListener} hears of the change (it tells the user's direct peers).
 */
public final class SessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final PresenceRegistry presence;
    private final PresenceListener listener;
    private final Map<String, EdgeSession> bySession = new ConcurrentHashMap<>();
    private final Map<String, Set<EdgeSession>> byUser = new ConcurrentHashMap<>();

    SessionRegistry(PresenceRegistry presence, PresenceListener listener) {
        this.presence = presence;
        this.listener = listener;
    }

    void add(EdgeSession session) {
        byUser.compute(session.userId(), (userId, sessions) -> {
            if (sessions == null) {
                sessions = ConcurrentHashMap.newKeySet();
                dispatch(() -> presence.online(userId), userId, listener::online);
            }
            sessions.add(session);
            return sessions;
        });
        bySession.put(session.sessionId(), session);
    }

    void remove(EdgeSession session) {
        if (!bySession.remove(session.sessionId(), session)) {
            return;
        }
        byUser.computeIfPresent(session.userId(), (userId, sessions) -> {
            sessions.remove(session);
            if (sessions.isEmpty()) {
                dispatch(() -> presence.offline(userId), userId, listener::offline);
                return null;
            }
            return sessions;
        });
    }

    Optional<EdgeSession> session(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    Collection<EdgeSession> sessionsOf(String userId) {
        Set<EdgeSession> s = byUser.get(userId);
        return s == null ? List.of() : List.copyOf(s);
    }

    /** Users with at least one session here (a snapshot). */
    public Set<String> users() {
        return Set.copyOf(byUser.keySet());
    }

    /** Every session here (a snapshot). */
    public List<EdgeSession> all() {
        return List.copyOf(bySession.values());
    }

    public int size() {
        return bySession.size();
    }

    /** Dispatches a presence write; {@code then} runs when it completed, also when it failed. */
    private static void dispatch(Supplier<CompletionStage<Void>> write, String userId, Consumer<String> then) {
        try {
            write.get().whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.warn("presence write for {} failed (presence heals within its TTL): {}", userId, e.toString());
                }
                then.accept(userId);
            });
        } catch (RuntimeException e) {
            LOG.warn("presence write for {} failed (presence heals within its TTL): {}", userId, e.toString());
            then.accept(userId);
        }
    }
}
