package dev.parley.edge.internal;

/**
 * Everything a WebSocket upgrade must pass, in order: the node is not draining (503), headers,
 * origin and token ({@link Admission}: 403/401), the login is not revoked (401), the user holds
 * fewer than {@code edge.limits.sockets-per-user} sockets here (429 with {@code Retry-After}).
 * Asked by the listener before the upgrade and again by the HTTP route that answers a refusal.
 */
public final class UpgradeGate {
    /** A socket slot frees only when one of the user's sockets closes: try again in a while. */
    static final int SOCKET_RETRY_AFTER_SECONDS = 5;

    private final SessionHub hub;
    private final Admission admission;
    private final LoginWatch logins;

    public UpgradeGate(SessionHub hub, Admission admission, LoginWatch logins) {
        this.hub = hub;
        this.admission = admission;
        this.logins = logins;
    }

    Admission.Result check(io.helidon.http.Headers headers, io.helidon.common.parameters.Parameters query) {
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
