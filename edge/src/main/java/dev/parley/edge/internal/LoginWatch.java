package dev.parley.edge.internal;

import dev.parley.common.auth.LoginRevocations;
import dev.parley.edge.AccessToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revoked logins reach this node: an upgrade of a revoked login is refused, and when a login is
 * revoked (logout, refresh-token reuse) every open session of it is closed with 4001. A
 * notification missed while the subscription was down is made up for on every resubscription,
 * by asking the store about all open logins. Tokens without a login id cannot be revoked early;
 * they simply expire.
 */
public final class LoginWatch {
    private static final Logger LOG = LoggerFactory.getLogger(LoginWatch.class);
    /** Logins asked about per store round trip when rechecking. */
    static final int RECHECK_BATCH = 500;

    private final LoginRevocations revocations;
    private final SessionHub hub;
    private final AtomicBoolean storeDown = new AtomicBoolean();

    public LoginWatch(LoginRevocations revocations, SessionHub hub) {
        this.revocations = revocations;
        this.hub = hub;
    }

    /** Subscribes; from then on revocations close sessions. */
    public void start() {
        revocations.listen(this::revoked, () -> Thread.ofVirtual().name("login-recheck").start(this::recheck));
    }

    /**
     * At upgrade (may block on the store). When the store cannot answer, the token is admitted:
     * it is verified and short-lived, and refusing every socket during a Redis outage would be worse.
     */
    boolean isRevoked(AccessToken token) {
        if (token.loginId() == null) {
            return false;
        }
        try {
            boolean revoked = !revocations.revokedAmong(List.of(token.loginId())).isEmpty();
            if (storeDown.compareAndSet(true, false)) {
                LOG.info("revoked logins can be checked again");
            }
            return revoked;
        } catch (RuntimeException e) {
            if (storeDown.compareAndSet(false, true)) { // once per outage, not once per upgrade
                LOG.warn("cannot check revoked logins; admitting sockets unchecked until the store answers: {}",
                        e.toString());
            }
            return false;
        }
    }

    /** A login was revoked (runs on the store's I/O thread: only enqueues close frames). */
    void revoked(String loginId) {
        int closed = hub.closeLogin(loginId);
        if (closed > 0) {
            LOG.info("login revoked: closed {} session(s) with 4001", closed);
        }
    }

    /** After a resubscription: notifications may have been missed meanwhile. Blocks on the store. */
    void recheck() {
        List<String> open = new ArrayList<>(hub.openLogins());
        try {
            for (int i = 0; i < open.size(); i += RECHECK_BATCH) {
                Set<String> revoked = revocations.revokedAmong(open.subList(i, Math.min(open.size(), i + RECHECK_BATCH)));
                revoked.forEach(this::revoked);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot recheck open logins after resubscribing: {}", e.toString());
        }
    }
}
