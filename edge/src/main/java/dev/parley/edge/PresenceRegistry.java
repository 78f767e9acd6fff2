package dev.parley.edge;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The cluster-wide presence hash ({@code RedisKeys.presence(userId)}: field = edge node id,
 * value = epoch ms until which that node vouches for the user; the key has a TTL too). Presence is
 * ephemeral: nothing outlives these keys, so a dead node's users turn offline by themselves once
 * its vouches run out.
 *
 * <p>The write methods are called while the session registry holds a per-user lock, so they must
 * not block: they dispatch the write and return a stage. Writes of one node reach the store in
 * call order.
 */
public interface PresenceRegistry extends AutoCloseable {

    /** This node now holds a session of {@code userId}: set its field to now + ttl and refresh the key's TTL. */
    CompletionStage<Void> online(String userId);

    /** This node holds no more sessions of {@code userId}: delete its field. */
    CompletionStage<Void> offline(String userId);

    /** Heartbeat: refresh this node's field and the key TTL of every given user, in one batch. */
    CompletionStage<Void> refresh(Collection<String> userIds);

    /**
     * Reads presence across all nodes: the nodes whose vouch for the user is still in the future.
     * May block (REST request and worker threads only).
     *
     * @return for each given user online on at least one node, those nodes; offline users are absent
     * @throws RuntimeException when the store is unreachable
     */
    Map<String, Set<String>> nodesOf(Collection<String> userIds);

    /**
     * Reads presence across all nodes. A user is online when any node's field is still in the
     * future. May block (REST request threads only).
     *
     * @return one entry per requested user, {@code true} = online
     */
    default Map<String, Boolean> status(List<String> userIds) {
        Map<String, Set<String>> online = nodesOf(userIds);
        Map<String, Boolean> out = new LinkedHashMap<>();
        userIds.forEach(u -> out.put(u, online.containsKey(u)));
        return out;
    }

    /**
     * Calls {@code action} every time the connection to the store is re-established. The store may
     * have lost every vouch meanwhile (a restarted Redis keeps no data here), and until they are
     * written again the delivery router sees this node's users as offline: the edge refreshes them
     * at once instead of waiting for the next heartbeat. {@code action} must not block.
     */
    default void onReconnect(Runnable action) {
    }

    @Override
    default void close() {
    }
}
