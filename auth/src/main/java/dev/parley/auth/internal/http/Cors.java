package dev.parley.auth.internal.http;

import dev.parley.common.http.OriginPolicy;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;

/**
 * CORS for {@code /v1/*}: the web client's page, served by the edge, calls auth on auth's own
 * origin. A request from an allowed {@code Origin} is answered as usual plus the headers that let
 * the page read the answer, errors included ({@link ErrorRoutes} applies {@link #allow} again,
 * since Helidon resets the headers before an error handler runs). A disallowed origin gets the
 * usual answer without them, so the browser keeps it from the page. No credentials header:
 * the page sends bearer tokens, never cookies.
 */
public final class Cors {
    /** Every method of auth's {@code /v1} routes. */
    static final String METHODS = "GET, POST, DELETE";
    static final String HEADERS = "Authorization, Content-Type";
    /** How long a browser may reuse a preflight's answer. */
    static final String MAX_AGE_SECONDS = "600";

    private final OriginPolicy origins;

    public Cors(OriginPolicy origins) {
        this.origins = origins;
    }

    /**
     * Answers preflights before any route (no token, no rate limit: the browser sends no
     * credentials with them) and marks the answers of allowed origins; registered after
     * {@link ErrorRoutes#errors} and before every route.
     */
    public void register(HttpRouting.Builder routing) {
        routing.addFilter(this::filter);
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (isPreflight(req)) {
            String origin = allowedOrigin(req)
                    .orElseThrow(() -> ApiException.forbidden("this origin may not call auth"));
            allowOrigin(res, origin);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        allow(req, res);
        chain.proceed();
    }

    /** Adds the CORS headers of an actual (not preflight) answer when the origin is allowed. */
    public void allow(ServerRequest req, ServerResponse res) {
        allowedOrigin(req).ifPresent(origin -> {
            allowOrigin(res, origin);
            // The page waits out a 429 by it (rate_limited), which it cannot read unless exposed.
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, HeaderNames.RETRY_AFTER.defaultCase());
        });
    }

    private static void allowOrigin(ServerResponse res, String origin) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        res.header(HeaderNames.VARY, HeaderNames.ORIGIN.defaultCase());
    }

    private static boolean isPreflight(ServerRequest req) {
        return req.prologue().method() == Method.OPTIONS && isApi(req) && req.headers().contains(HeaderNames.ORIGIN)
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /**
     * The request's origin when it is on {@code /v1/*} and allowed. Two {@code Origin} headers, or
     * one that is not printable ASCII, are no browser's and allow nothing: the value is echoed back.
     */
    private Optional<String> allowedOrigin(ServerRequest req) {
        if (!isApi(req)) {
            return Optional.empty();
        }
        List<String> values = req.headers().values(HeaderNames.ORIGIN);
        if (values.size() != 1) {
            return Optional.empty();
        }
        String origin = values.getFirst();
        boolean printable = !origin.isEmpty() && origin.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return printable && origins.allows(origin) ? Optional.of(origin) : Optional.empty();
    }

    private static boolean isApi(ServerRequest req) {
        return req.path().path().startsWith("/v1/");
    }
}
