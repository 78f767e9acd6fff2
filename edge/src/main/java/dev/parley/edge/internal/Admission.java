package dev.parley.edge.internal;

import dev.parley.common.http.OriginPolicy;
import dev.parley.edge.AccessToken;
import dev.parley.edge.InvalidTokenException;
import dev.parley.edge.TokenVerifier;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may talk to the edge: the bearer token of REST calls and WebSocket upgrades (browsers may
 * pass it as {@code ?access_token=} since they cannot set headers on a WebSocket), and the
 * browser origin of upgrades.
 */
public final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    /** The outcome: a token, or the contract's HTTP error to answer with. */
    public sealed interface Result {
    }

    public record Admitted(AccessToken token) implements Result {
    }

    /**
     * @param retryAfterSeconds the {@code Retry-After} of a 429, else null
     * @param tokenFailure      why the token was refused, when that is the refusal; else null
     */
    public record Refused(int status, String code, String message, Integer retryAfterSeconds,
                          TokenFailure tokenFailure) implements Result {
        public Refused(int status, String code, String message, Integer retryAfterSeconds) {
            this(status, code, message, retryAfterSeconds, null);
        }

        public Refused(int status, String code, String message) {
            this(status, code, message, null, null);
        }

        static Refused token(TokenFailure failure, int status, String code, String message) {
            return new Refused(status, code, message, null, failure);
        }
    }

    /**
     * Why a token was refused, as far as the verification tells: none given, not acceptable
     * (malformed, badly signed, wrong issuer or audience), past its expiry, of a revoked login, or
     * not verifiable now (the key set cannot be fetched). The tag of {@code parley.edge.token.failures}.
     */
    public enum TokenFailure {
        MISSING, INVALID, EXPIRED, REVOKED, UNVERIFIABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final TokenVerifier verifier;
    private final OriginPolicy origins;

    public Admission(TokenVerifier verifier, OriginPolicy origins) {
        this.verifier = verifier;
        this.origins = origins;
    }

    /** REST: the {@code Authorization: Bearer} header only, exactly once. */
    public Result rest(Headers headers) {
        if (count(headers, HeaderNames.AUTHORIZATION) > 1) {
            return new Refused(401, "unauthorized", "one Authorization header at most");
        }
        return verify(bearer(headers));
    }

    /**
     * WebSocket upgrade: origin first, then the header or the query parameter. Each of {@code Origin},
     * {@code Authorization} and {@code access_token} may be given once: with two, a proxy and the
     * edge could each check a different one.
     */
    public Result upgrade(Headers headers, Parameters query) {
        if (count(headers, HeaderNames.ORIGIN) > 1) {
            return new Refused(403, "forbidden", "one Origin header at most");
        }
        String origin = headers.first(HeaderNames.ORIGIN).orElse(null);
        if (!origins.allows(origin)) {
            return new Refused(403, "forbidden", "origin not allowed");
        }
        if (count(headers, HeaderNames.AUTHORIZATION) > 1 || query.all("access_token", List::of).size() > 1) {
            return new Refused(401, "unauthorized", "one access token at most");
        }
        String token = bearer(headers);
        if (token == null && query.contains("access_token")) {
            token = query.first("access_token").orElse(null);
        }
        return verify(token);
    }

    /** Header lines with that name. */
    private static int count(Headers headers, HeaderName name) {
        return headers.contains(name) ? headers.get(name).valueCount() : 0;
    }

    private Result verify(String token) {
        if (token == null || token.isBlank()) {
            return Refused.token(TokenFailure.MISSING, 401, "unauthorized", "an access token is required");
        }
        try {
            return new Admitted(verifier.verify(token.trim()));
        } catch (InvalidTokenException e) {
            LOG.debug("token refused: {}", e.getMessage());
            return Refused.token(e.expired() ? TokenFailure.EXPIRED : TokenFailure.INVALID, 401, "unauthorized",
                    "the access token is invalid or expired");
        } catch (RuntimeException e) {
            LOG.warn("token verification failed: {}", e.toString());
            return Refused.token(TokenFailure.UNVERIFIABLE, 503, "unavailable",
                    "tokens cannot be verified right now; retry");
        }
    }

    private static String bearer(Headers headers) {
        String value = headers.first(HeaderNames.AUTHORIZATION).orElse(null);
        if (value == null || value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return value.substring(7).trim();
    }
}
