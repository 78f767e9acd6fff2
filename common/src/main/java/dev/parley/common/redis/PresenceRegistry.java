package dev.parley.common.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One edge node's vouches in the presence hashes ({@link PresenceHash}), and reading everyone's.
 * Presence is ephemeral: nothing outlives these keys, so a dead node's users turn offline by
 * themselves once its vouches run out.
 *
 * <p>The write methods are called while the session registry holds a per-user lock, so they must
 * not block: they dispatch the write and return a stage. Writes of one node reach the store in
 * call order.
 */
public interface PresenceRegistry extends PresenceDirectory, AutoCloseable {
    /** How long a blocking read ({@link #nodesOfNow}, {@link #status}) waits for the store. */
    Duration READ_TIMEOUT = Duration.ofSeconds(2);

    /** This node now holds a session of {@code userId}: set its field to now + ttl and refresh the key's TTL. */
    CompletionStage<Void> online(String userId);

    /** This node holds no more sessions of {@code userId}: delete its field. */
    CompletionStage<Void> offline(String userId);

    /** Heartbeat: refresh this node's field and the key TTL of every given user, in one batch. */
    CompletionStage<Void> refresh(Collection<String> userIds);

    /**
     * {@link #nodesOf} awaited for at most {@link #READ_TIMEOUT}. Blocks: REST request and worker
     * threads only.
     *
     * @throws IllegalStateException when the store is unreachable or does not answer in time
     */
    default Map<String, Set<String>> nodesOfNow(Collection<String> userIds) {
        try {
            return nodesOf(userIds).toCompletableFuture().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("presence read failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * A user is online when any node's vouch is still in the future. Blocks as {@link #nodesOfNow}.
     *
     * @return one entry per requested user, {@code true} = online
     */
    default Map<String, Boolean> status(List<String> userIds) {
        Map<String, Set<String>> online = nodesOfNow(userIds);
        Map<String, Boolean> out = new LinkedHashMap<>();
        userIds.forEach(u -> out.put(u, online.containsKey(u)));
        return out;
    }

    /**
     * Calls {@code action} every time the connection to the store is re-established. The store may
     * have lost every vouch meanwhile (a restarted Redis keeps no data here), and until they are
     * written again the router sees this node's users as offline: the edge refreshes them at once
     * instead of waiting for the next heartbeat. {@code action} must not block.
     */
    default void onReconnect(Runnable action) {
    }

    @Override
    default void close() {
    }
}
