package dev.parley.auth.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.frame.Limits;
import dev.parley.common.json.Json;
import dev.parley.common.text.Unicode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * JSON in and out of Helidon requests, with the contract's size limit and error shape. Input is
 * strict: a body must be UTF-8 holding exactly one JSON object whose every string and field name
 * is well-formed Unicode; anything else is 400 {@code invalid_request}, never repaired.
 */
public final class HttpSupport {
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
        String text = utf8(body).orElseThrow(() -> ApiException.invalid("the body is not valid UTF-8"));
        JsonNode node;
        try {
            node = Json.readTree(text);
        } catch (Unicode.MalformedTextException e) {
            throw ApiException.invalid("the body holds a string that is not well-formed Unicode");
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("the body is not valid JSON");
        }
        if (!node.isObject()) {
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

    /**
     * Refuses a request whose path, query or read headers are not well-formed: percent-escapes
     * must decode to UTF-8 (Helidon would put U+FFFD in place of a bad sequence, and a replaced
     * string is a different string), and the headers auth reads (bearer tokens, IP addresses) must
     * be ASCII.
     *
     * @throws ApiException 400 {@code invalid_request}
     */
    public static void requireWellFormedRequest(ServerRequest req, List<HeaderName> readHeaders) {
        if (!percentDecodesToUtf8(req.path().absolute().rawPath())
                || !percentDecodesToUtf8(req.query().rawValue())) {
            throw ApiException.invalid("the request path or query is not well-formed UTF-8");
        }
        for (HeaderName name : readHeaders) {
            for (String value : req.headers().values(name)) {
                // Helidon decodes header values as US-ASCII, turning any other byte into U+FFFD: a
                // replaced value cannot be told from the original, so anything but ASCII is refused.
                if (!value.chars().allMatch(c -> c < 0x7f)) {
                    throw ApiException.invalid("the " + name.defaultCase() + " header is not ASCII");
                }
            }
        }
    }

    static boolean percentDecodesToUtf8(String raw) {
        if (raw == null || raw.isEmpty()) {
            return true;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return false;
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c > 0xff) {
                return false;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return utf8(Arrays.copyOf(bytes, n)).isPresent();
    }

    /** The bytes as a string when they are well-formed UTF-8 (no replacement, ever). */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
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
