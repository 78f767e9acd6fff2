package dev.parley.common.http.internal;

import dev.parley.common.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Helidon answers itself, before any route runs (malformed requests, 413, 414, 431, 505,
 * refused upgrades), in the contract's error shape. The message is fixed per status: the
 * exception's own text may echo the attacker's input and is never sent.
 */
public final class JsonDirectHandler implements DirectHandler {
    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        int code = status.code();
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", errorCode(code));
        error.put("message", text(code));
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        headers.set(HeaderNames.CACHE_CONTROL, "no-store");
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(Json.writeBytes(Map.of("error", error)))
                .build();
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404, 405 -> "not_found";
            case 429 -> "rate_limited";
            default -> status >= 500 && status != 501 && status != 505 ? "unavailable" : "invalid_request";
        };
    }

    private static String text(int status) {
        return switch (status) {
            case 403 -> "forbidden";
            case 413 -> "the request body is too large";
            case 414 -> "the request line is too long";
            case 431 -> "the request headers are too large";
            case 501 -> "the request's transfer coding is not supported";
            case 505 -> "only HTTP/1.1 is supported";
            default -> status >= 500 ? "the server cannot answer right now; retry" : "the request is not valid HTTP/1.1";
        };
    }
}
