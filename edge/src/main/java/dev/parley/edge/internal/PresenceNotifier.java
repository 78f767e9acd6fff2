package dev.parley.edge.internal;

import dev.parley.common.frame.PresenceFrame;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.edge.DirectPeers;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.PresenceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
public final class PresenceNotifier implements PresenceListener {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceNotifier.class);
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    private final DirectPeers peers;
    private final PresenceRegistry presence;
    private final NodePublisher publisher;
    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public PresenceNotifier(DirectPeers peers, PresenceRegistry presence, NodePublisher publisher, Executor executor) {
        this.peers = peers;
        this.presence = presence;
        this.publisher = publisher;
        this.executor = executor;
    }

    @Override
    public void online(String userId) {
        enqueue(userId, () -> announce(userId, ONLINE));
    }

    @Override
    public void offline(String userId) {
        enqueue(userId, () -> {
            if (presence.nodesOfNow(List.of(userId)).isEmpty()) {
                announce(userId, OFFLINE);
            }
        });
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

    private void announce(String userId, String status) {
        List<String> toTell = peers.of(userId);
        if (toTell.isEmpty()) {
            return;
        }
        Map<String, List<String>> byNode = new TreeMap<>();
        presence.nodesOfNow(toTell).forEach((peer, nodes) -> {
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
        LOG.debug("{} is {}: told {} peers on {} nodes", userId, status, toTell.size(), byNode.size());
    }
}
