package dev.parley.auth.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.frame.Limits;
import dev.parley.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** JSON in and out of Helidon requests, with the contract's size limit and error shape. */
public final class HttpSupport {
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String JSON = "application/json";

    private HttpSupport() {
    }

    /**
     * The request body as a JSON object.
     *
     * @throws ApiException 413 past {@link Limits#MAX_HTTP_BODY_BYTES}, 400 when empty, not JSON or not an object
     */
    public static JsonNode readObject(ServerRequest req) {
        byte[] body = readBody(req);
        if (body.length == 0) {
            throw ApiException.invalid("a JSON object body is required");
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("the body is not valid JSON");
        } catch (IOException e) {
            throw ApiException.invalid("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("the body must be a JSON object");
        }
        return node;
    }

    private static byte[] readBody(ServerRequest req) {
        int limit = Limits.MAX_HTTP_BODY_BYTES;
        if (req.headers().contentLength().orElse(0) > limit) {
            throw ApiException.tooLarge("the body is larger than " + limit + " bytes");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw ApiException.tooLarge("the body is larger than " + limit + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A required string field. */
    public static String string(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.invalid(field + " is required");
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(field + " must be a string");
        }
        return v.textValue();
    }

    /** An optional string field: null when absent or null. */
    public static String optionalString(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(field + " must be a string");
        }
        return v.textValue();
    }

    /** An optional array of strings of at most {@code max} entries: null when absent or null. */
    public static List<String> optionalStrings(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.invalid(field + " must be an array of strings");
        }
        if (v.size() > max) {
            throw ApiException.invalid(field + " holds more than " + max + " entries");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw ApiException.invalid(field + " must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(ServerRequest req) {
        String h = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (h == null || h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    public static void sendJson(ServerResponse res, int status, Object body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.writeBytes(body));
    }

    public static void sendError(ServerResponse res, ApiException e) {
        if (e.retryAfterSeconds() > 0) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putObject("error").put("code", e.code()).put("message", e.getMessage());
        sendJson(res, e.status(), error);
    }
}
