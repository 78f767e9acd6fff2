package dev.parley.edge.internal;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

/**
 * Everything a WebSocket upgrade must pass, in order: the node is not draining (503), headers,
 * origin and token ({@link Admission}: 403/401), the login is not revoked (401), the user holds
 * fewer than {@code edge.limits.sockets-per-user} sockets here (429 with {@code Retry-After}).
 * Decided once per upgrade, by the listener; the HTTP route that answers a refusal gives the
 * answer decided then ({@link #refusal}).
 */
public final class UpgradeGate {
    /** A socket slot frees only when one of the user's sockets closes: try again in a while. */
    static final int SOCKET_RETRY_AFTER_SECONDS = 5;
    private static final HeaderName SEC_WEBSOCKET_KEY = HeaderNames.create("Sec-WebSocket-Key");
    /**
     * The refusal of the upgrade this connection's thread just tried, with its
     * {@code Sec-WebSocket-Key}. Helidon routes a refused upgrade as plain HTTP on the same
     * connection thread right after the listener threw. Checking again there answered 400 "a
     * WebSocket upgrade is required" whenever the cause had cleared in between (a socket slot
     * freed, the key set fetched): a failed handshake in the browser with a misleading code, once
     * in the CI run of the two-tabs browser test.
     */
    private static final ThreadLocal<Refusal> REFUSED = new ThreadLocal<>();

    private final SessionHub hub;
    private final Admission admission;
    private final LoginWatch logins;

    private record Refusal(String wsKey, Admission.Result result) {
    }

    public UpgradeGate(SessionHub hub, Admission admission, LoginWatch logins) {
        this.hub = hub;
        this.admission = admission;
        this.logins = logins;
    }

    /** At the upgrade: admitted, or refused and remembered on this thread for {@link #refusal}. */
    Admission.Result upgrade(Headers headers, Parameters query) {
        Admission.Result result = check(headers, query);
        if (result instanceof Admission.Admitted) {
            REFUSED.remove();
        } else {
            REFUSED.set(new Refusal(headers.first(SEC_WEBSOCKET_KEY).orElse(""), result));
        }
        return result;
    }

    /**
     * For the route of {@code GET /ws}: the refusal of this very request's upgrade; when no
     * upgrade was tried (a plain GET, or Helidon declined it before asking), what the checks say now.
     */
    Admission.Result refusal(Headers headers, Parameters query) {
        Refusal refused = REFUSED.get();
        REFUSED.remove();
        if (refused != null && headers.first(SEC_WEBSOCKET_KEY).orElse("").equals(refused.wsKey())
                && !refused.wsKey().isEmpty()) {
            return refused.result();
        }
        return check(headers, query);
    }

    private Admission.Result check(Headers headers, Parameters query) {
        if (hub.draining()) {
            return new Admission.Refused(503, "unavailable", "this node is draining; reconnect");
        }
        Admission.Result result = admission.upgrade(headers, query);
        if (!(result instanceof Admission.Admitted admitted)) {
            return result;
        }
        if (logins.isRevoked(admitted.token())) {
            return Admission.Refused.token(Admission.TokenFailure.REVOKED, 401, "unauthorized",
                    "the login was revoked; log in again");
        }
        if (!hub.hasRoomFor(admitted.token().userId())) {
            return new Admission.Refused(429, "rate_limited", "too many open sockets for this user",
                    SOCKET_RETRY_AFTER_SECONDS);
        }
        return admitted;
    }
}
