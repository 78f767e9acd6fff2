package dev.parley.common.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Revoked logins, shared by auth (which revokes on logout and on refresh-token reuse) and every
 * edge (which refuses new sockets of a revoked login and closes its open ones with 4001).
 *
 * <p>A login stays revoked until its last access token would have expired anyway; after that the
 * signature check alone refuses it. Notifications are at-most-once (a listener that was
 * disconnected misses them), so {@link #listen} also reports every resubscription, after which the
 * listener checks its open logins with {@link #revokedAmong}.
 */
public interface LoginRevocations extends AutoCloseable {

    /** Marks {@code loginId} revoked until {@code until} and tells every listener. */
    void revoke(String loginId, Instant until);

    /**
     * @return the ids among {@code loginIds} that are revoked now
     * @throws RuntimeException when the store cannot be asked (the caller decides how to degrade)
     */
    Set<String> revokedAmong(Collection<String> loginIds);

    /**
     * From now on calls {@code onRevoked} with each revoked login id, and {@code onResubscribed}
     * after every reconnect of the transport. Callbacks must not block.
     */
    void listen(Consumer<String> onRevoked, Runnable onResubscribed);

    @Override
    default void close() {
    }
}
