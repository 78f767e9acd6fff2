package dev.parley.edge.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** HTTP answers in the contract's shapes: JSON bodies and {@code {"error":{"code","message"}}}. */
public final class ApiErrors {
    private ApiErrors() {
    }

    public static void error(ServerResponse res, int status, String code, String message) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        json(res, status, body);
    }

    /** 429 {@code rate_limited} with {@code Retry-After} (whole seconds, at least 1). */
    public static void rateLimited(ServerResponse res, long retryAfterSeconds, String message) {
        res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, retryAfterSeconds)));
        error(res, 429, "rate_limited", message);
    }

    public static void json(ServerResponse res, int status, Object body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.writeBytes(body));
    }

    /** A request parameter is malformed: 400 {@code invalid_request}. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
