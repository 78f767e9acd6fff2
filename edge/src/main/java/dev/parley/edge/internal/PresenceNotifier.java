package dev.parley.edge.internal;

import dev.parley.common.frame.PresenceFrame;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.PresenceRegistry;
import dev.parley.common.service.Timer;
import dev.parley.edge.DirectPeers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code presence} frames to a user's direct-conversation peers who are online, wherever
 * they are: their nodes come from the presence hashes and each node gets one
 * {@code NodeEnvelope.toUsers(peers, frame)} on its channel (this node's own included).
 *
 * <p>"online" when the user's first session on this node opened; "offline" when their last
 * session here is gone (closed, idle, evicted) and no other node vouches for them any more.
 * Work runs on {@code executor} (it reads CQL and Redis), serialised per user so that a peer
 * sees one user's changes in the order they happened. Best effort: a failure is logged and the
 * peer can still ask {@code GET /v1/presence}. Users of a draining node ({@link #stop()}) or of a
 * node that died get no frame; their presence runs out in Redis by itself.
 *
 * <p>Who may see a user comes from the CQL projections, which the sinks write from the log a
 * moment after the fact: a direct conversation created, or a first read sent, just before the user
 * came online may not be there yet, and that peer was never told (issue 12: one black-box run in
 * three). So "online" is looked at again after each of {@link #RECHECKS} while the user is still
 * here, and a while after each read they send (taking part is what makes them visible); each
 * look tells only the online peers not told yet since the user came online.
 */
public final class PresenceNotifier implements PresenceListener {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceNotifier.class);
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    private final DirectPeers peers;
    private final PresenceRegistry presence;
    private final NodePublisher publisher;
    private final Executor executor;
    /** When an "online" is looked at again: past the projections' usual lag, and past a slow one. */
    public static final List<Duration> RECHECKS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(10));

    private final Timer timer;
    private final List<Duration> rechecks;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** Users online here, with the peers told so since they came online. */
    private final Map<String, Set<String>> told = new ConcurrentHashMap<>();
    /** Users with a recheck after a read pending (one at a time is enough). */
    private final Set<String> readRechecks = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /**
     * @param timer     runs the rechecks (each then queues behind the user's other changes on {@code executor})
     * @param rechecks  delays after "online" at which the peers are looked up again ({@link #RECHECKS})
     */
    public PresenceNotifier(DirectPeers peers, PresenceRegistry presence, NodePublisher publisher, Executor executor,
                            Timer timer, List<Duration> rechecks) {
        this.peers = peers;
        this.presence = presence;
        this.publisher = publisher;
        this.executor = executor;
        this.timer = timer;
        this.rechecks = List.copyOf(rechecks);
    }

    @Override
    public void online(String userId) {
        enqueue(userId, () -> {
            told.put(userId, ConcurrentHashMap.newKeySet());
            tellOnline(userId);
        });
        rechecks.forEach(delay -> later(delay, () -> recheck(userId)));
    }

    @Override
    public void offline(String userId) {
        enqueue(userId, () -> {
            told.remove(userId);
            if (presence.nodesOfNow(List.of(userId)).isEmpty()) {
                announce(userId, OFFLINE, peers.of(userId));
            }
        });
    }

    /** A user here sent a read: they may just have become visible to a peer (once the projection has it). */
    @Override
    public void tookPart(String userId) {
        if (!rechecks.isEmpty() && told.containsKey(userId) && readRechecks.add(userId)) {
            later(rechecks.getFirst(), () -> {
                readRechecks.remove(userId);
                recheck(userId);
            });
        }
    }

    private void recheck(String userId) {
        enqueue(userId, () -> {
            if (told.containsKey(userId)) {
                tellOnline(userId);
            }
        });
    }

    /** Tells "online" to the peers not told yet since the user came online. */
    private void tellOnline(String userId) {
        Set<String> already = told.get(userId);
        List<String> toTell = peers.of(userId).stream().filter(p -> already == null || !already.contains(p)).toList();
        Set<String> reached = announce(userId, ONLINE, toTell);
        if (already != null) {
            already.addAll(reached);
        }
    }

    private void later(Duration delay, Runnable task) {
        if (stopped || rechecks.isEmpty()) {
            return;
        }
        try {
            timer.schedule(delay, task);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** From now on nothing more is announced (the node is draining). */
    public void stop() {
        stopped = true;
    }

    /** Completes when every change enqueued so far has been handled (for tests). */
    public CompletableFuture<Void> idle() {
        return CompletableFuture.allOf(tails.values().toArray(CompletableFuture[]::new));
    }

    private void enqueue(String userId, Runnable task) {
        if (stopped) {
            return;
        }
        Runnable guarded = () -> {
            try {
                if (!stopped) {
                    task.run();
                }
            } catch (RuntimeException e) {
                LOG.warn("presence change of {} not announced: {}", userId, e.toString());
            }
        };
        List<CompletableFuture<Void>> mine = new ArrayList<>(1);
        try {
            tails.compute(userId, (u, tail) -> {
                CompletableFuture<Void> next = (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .handleAsync((ok, e) -> {
                            guarded.run();
                            return null;
                        }, executor);
                mine.add(next);
                return next;
            });
        } catch (RejectedExecutionException e) {
            return; // shutting down
        }
        CompletableFuture<Void> next = mine.getFirst();
        next.whenComplete((ok, e) -> tails.remove(userId, next));
    }

    /** @return the peers the frame went to (those online now) */
    private Set<String> announce(String userId, String status, List<String> toTell) {
        if (toTell.isEmpty()) {
            return Set.of();
        }
        Map<String, List<String>> byNode = new TreeMap<>();
        Set<String> reached = new HashSet<>();
        presence.nodesOfNow(toTell).forEach((peer, nodes) -> {
            reached.add(peer);
            for (String node : nodes) {
                byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(peer);
            }
        });
        PresenceFrame frame = new PresenceFrame(userId, status);
        byNode.forEach((node, users) -> publisher.publish(node, NodeEnvelope.toUsers(users, frame))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("presence of {} not published to {}: {}", userId, node, e.toString());
                    }
                }));
        LOG.debug("{} is {}: told {} peers on {} nodes", userId, status, reached.size(), byNode.size());
        return reached;
    }
}
