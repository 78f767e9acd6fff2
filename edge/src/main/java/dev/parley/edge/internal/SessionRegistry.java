package dev.parley.edge.internal;

import dev.parley.common.redis.PresenceRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions this node holds, by session id and by user. A user's first session marks them
 * online in the presence registry and their last one offline; both writes are dispatched under
 * the per-user lock of the map, so one user's writes are issued in order. Once a write has
 * completed, the {@link PresenceListener} hears of the change (it tells the user's direct peers),
 * always after the map's {@code compute} returned (issue 10: a write that completed at once used
 * to run the listener inside it).
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

    /**
     * Registers a session unless its user already holds {@code maxPerUser} here.
     *
     * @return false when the user is at the limit (the session was not added)
     */
    boolean add(EdgeSession session, int maxPerUser) {
        List<CompletionStage<Void>> online = new ArrayList<>(1);
        boolean[] added = new boolean[1];
        byUser.compute(session.userId(), (userId, sessions) -> {
            if (sessions == null) {
                sessions = ConcurrentHashMap.newKeySet();
            }
            if (sessions.size() < maxPerUser) {
                if (sessions.isEmpty()) {
                    online.add(write(() -> presence.online(userId)));
                }
                added[0] = sessions.add(session);
            }
            return sessions.isEmpty() ? null : sessions;
        });
        if (!added[0]) {
            return false;
        }
        bySession.put(session.sessionId(), session);
        online.forEach(w -> then(w, session.userId(), listener::online));
        return true;
    }

    /**
     * Removes a session; the user's last one here marks them offline, unless it was closed for
     * its client to reconnect ({@link EdgeSession#keepsPresence()}).
     *
     * @return true when this removed the user's last session here
     */
    boolean remove(EdgeSession session) {
        if (!bySession.remove(session.sessionId(), session)) {
            return false;
        }
        List<CompletionStage<Void>> offline = new ArrayList<>(1);
        boolean[] last = new boolean[1];
        byUser.computeIfPresent(session.userId(), (userId, sessions) -> {
            sessions.remove(session);
            if (sessions.isEmpty()) {
                last[0] = true;
                if (!session.keepsPresence()) {
                    offline.add(write(() -> presence.offline(userId)));
                }
                return null;
            }
            return sessions;
        });
        offline.forEach(w -> then(w, session.userId(), listener::offline));
        return last[0];
    }

    /** How many sessions the user holds here now. */
    int count(String userId) {
        Set<EdgeSession> s = byUser.get(userId);
        return s == null ? 0 : s.size();
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

    /** Dispatches a presence write; called under the per-user lock so one user's writes keep their order. */
    private static CompletionStage<Void> write(Supplier<CompletionStage<Void>> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs {@code then} once the write completed (also when it failed); never under the map's lock. */
    private static void then(CompletionStage<Void> write, String userId, Consumer<String> then) {
        write.whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("presence write for {} failed (presence heals within its TTL): {}", userId, e.toString());
            }
            then.accept(userId);
        });
    }
}
