package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.fuzz.FuzzCampaign;
import dev.parley.testkit.fuzz.Hostile;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests through every real route of auth over in-memory stores: hostile JSON bodies
 * (structured, and byte mutations of valid bodies), hostile path segments (percent-encoded, invalid
 * UTF-8 included) and hostile values of the headers auth reads. Every answer must be a contract
 * status with the contract's body: never a 5xx, never an exception, always the error object with
 * the code that belongs to the status.
 */
@ServerTest
class AuthRequestFuzzTest {
    private static final TestServices T = new TestServices();
    private static final Map<Integer, List<String>> CODES = Map.of(400, List.of("invalid_request"),
            401, List.of("unauthorized", "invalid_credentials"), 403, List.of("forbidden"), 404, List.of("not_found"),
            409, List.of("username_taken"), 413, List.of("invalid_request"), 429, List.of("rate_limited"));

    /**
     * Request lines and header blocks past Helidon's own limits (4 KiB prologue, 8 KiB of headers)
     * are refused by the server layer before any route runs (414, 431); that layer's answers are
     * the HTTP hardening's concern, so the campaign stays within them.
     */
    private static final int MAX_TARGET = 2000;

    private final Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private final URI uri;
    private final String token;
    private final String userId;
    private final String group;
    private final List<String> seeds;

    AuthRequestFuzzTest(Http1Client client, URI uri) {
        this.uri = uri;
        Api api = new Api(client);
        JsonNode login = api.signUp("fuzz_owner");
        this.token = login.path("accessToken").asText();
        this.userId = login.path("userId").asText();
        String other = api.signUp("fuzz_other").path("userId").asText();
        this.group = api.post("/v1/conversations", token, "{\"kind\":\"group\",\"title\":\"g\"}").json()
                .path("conversationId").asText();
        String refresh = login.path("refreshToken").asText();
        this.seeds = List.of(Api.credentials("fuzz_owner"), Api.credentials("fuzz_new"),
                "{\"refreshToken\":\"" + refresh + "\"}",
                "{\"kind\":\"direct\",\"members\":[\"" + other + "\"]}",
                "{\"kind\":\"group\",\"title\":\"t\",\"members\":[\"" + other + "\",\"" + userId + "\"]}",
                "{\"userId\":\"" + other + "\"}", "{\"userIds\":[\"" + other + "\"]}");
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, T.services);
    }

    /** One request as sent on the wire. */
    record Req(String method, String target, List<String> headers, byte[] body) {
        @Override
        public String toString() {
            return method + " " + target + " " + headers + " body=" + (body == null ? "-" : HexFormat.of().formatHex(body));
        }
    }

    @Test
    void noHostileRequestGetsAnythingButAContractAnswer() {
        FuzzCampaign.Result r = FuzzCampaign.run("auth-requests", this::request, this::check);
        assertThat(r.crashes()).isZero();
        System.err.println("auth-requests statuses: " + new java.util.TreeMap<>(statuses));
        // The campaign reaches the handlers, not only the parser's refusals.
        assertThat(statuses.keySet()).contains(200, 201, 204, 400, 401, 404);
    }

    private Req request(SplittableRandom r) {
        String id = segment(r, group);
        String[][] routes = {
            {"POST", "/v1/auth/register"}, {"POST", "/v1/auth/login"}, {"POST", "/v1/auth/refresh"},
            {"POST", "/v1/auth/logout"}, {"POST", "/v1/conversations"}, {"GET", "/v1/conversations/" + id},
            {"POST", "/v1/conversations/" + id + "/members"},
            {"DELETE", "/v1/conversations/" + id + "/members/" + segment(r, userId)},
            {"GET", "/.well-known/jwks.json"}, {r.nextBoolean() ? "PUT" : "GET", "/v1/" + segment(r, "auth")},
        };
        String[] route = routes[r.nextInt(routes.length)];
        String target = route[1] + (r.nextInt(8) == 0 ? "?" + segment(r, "a") + "=" + segment(r, "b") : "");
        if (target.length() > MAX_TARGET) {
            target = target.substring(0, MAX_TARGET).replaceAll("%[0-9A-F]?$", "");
        }
        List<String> headers = new ArrayList<>();
        int auth = r.nextInt(4);
        if (auth < 2) {
            headers.add("Authorization: Bearer " + token);
        } else if (auth == 2) {
            headers.add("Authorization: " + headerValue(r));
        }
        if (r.nextInt(4) == 0) {
            headers.add((r.nextBoolean() ? "X-Forwarded-For: " : "Forwarded: ") + headerValue(r));
        }
        byte[] body = route[0].equals("POST") ? Hostile.bytes(r, seeds) : null;
        return new Req(route[0], target, headers, body);
    }

    /** A path segment: the real one, or hostile text percent-encoded (lone surrogates as their 3 bytes), or raw bytes. */
    private static String segment(SplittableRandom r, String real) {
        return switch (r.nextInt(4)) {
            case 0 -> real;
            case 1 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(1, 6); i > 0; i--) {
                    sb.append(String.format("%%%02X", r.nextInt(256)));
                }
                yield sb.toString();
            }
            default -> percentEncode(Hostile.string(r));
        };
    }

    private static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                sb.append(c);
                continue;
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            String unit = pair ? s.substring(i, i + 2) : String.valueOf(c);
            byte[] bytes = Character.isSurrogate(c) && !pair
                    ? new byte[] {(byte) (0xE0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3F)), (byte) (0x80 | (c & 0x3F))}
                    : unit.getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                sb.append(String.format("%%%02X", b & 0xff));
            }
            i += pair ? 1 : 0;
        }
        return sb.isEmpty() ? "x" : sb.toString();
    }

    /** Visible ASCII, spaces and obs-text bytes (sent as ISO-8859-1): what HTTP allows in a header value. */
    private static String headerValue(SplittableRandom r) {
        if (r.nextBoolean()) {
            String[] plausible = {"Bearer", "Bearer ", "bearer x.y.z", "Basic YTpi", "Bearer eyJ.eyJ.sig",
                "for=1.2.3.4", "for=\"[::1]:80\"", "unknown", "1.2.3.4, 5.6.7.8", "::1", "Bearer " + "A".repeat(4000)};
            return plausible[r.nextInt(plausible.length)];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(1, 40); i > 0; i--) {
            int c = r.nextInt(3) == 0 ? r.nextInt(0x80, 0x100) : r.nextInt(0x21, 0x7f);
            sb.append((char) c);
        }
        return sb.toString();
    }

    private void check(Req q) {
        RawRequest.Answer a = RawRequest.send(uri, q.method(), q.target(), q.body(), q.headers().toArray(String[]::new));
        int status = a.status();
        statuses.merge(status, 1, Integer::sum);
        if (status == 204) {
            assertThat(a.body()).isEmpty();
            return;
        }
        if (status == 200 || status == 201) {
            assertThat(a.json().isObject()).as(a.text()).isTrue();
            return;
        }
        assertThat(CODES).as("status " + status + " " + a.text()).containsKey(status);
        JsonNode error = a.json();
        assertThat(error.size()).isEqualTo(1);
        assertThat(CODES.get(status)).as(a.text()).contains(error.path("error").path("code").asText());
        assertThat(error.path("error").path("message").asText()).isNotBlank();
        if (status == 429) {
            assertThat(a.header("Retry-After")).isNotNull();
        }
    }
}
