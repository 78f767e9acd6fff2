package dev.parley.edge;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The cluster-wide presence hash ({@code RedisKeys.presence(userId)}: field = edge node id,
 * value = epoch ms until which that node vouches for the user; the key has a TTL too).
 *
 * <p>The write methods are called while the session registry holds a per-user lock, so they must
 * not block: they dispatch the write and return a stage.
 */
public interface PresenceRegistry extends AutoCloseable {

    /** This node now holds a session of {@code userId}: set its field to now + ttl and refresh the key's TTL. */
    CompletionStage<Void> online(String userId);

    /** This node holds no more sessions of {@code userId}: delete its field. */
    CompletionStage<Void> offline(String userId);

    /** Heartbeat: refresh this node's field and the key TTL of every given user, in one batch. */
    CompletionStage<Void> refresh(Collection<String> userIds);

    /**
     * Reads presence across all nodes. A user is online when any node's field is still in the
     * future. May block (REST request threads only).
     *
     * @return one entry per requested user, {@code true} = online
     */
    Map<String, Boolean> status(List<String> userIds);

    @Override
    default void close() {
    }
}
