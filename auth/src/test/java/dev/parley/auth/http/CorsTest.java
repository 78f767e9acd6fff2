package dev.parley.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.auth.TestServices;
import dev.parley.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS on auth's {@code /v1/*} (the web client's page calls auth from the edge's origin), through
 * the hardened server: allowed origins on successes and errors, other origins, no origin, and
 * preflights, which need no token and count against no limit.
 */
class CorsTest {
    private static final String PAGE = "https://chat.example.com";
    private static final AtomicInteger NAMES = new AtomicInteger();
    /** Two failed logins per name; two conversation calls a second (burst 4) on a clock that never moves. */
    private static final TestServices STORES = new TestServices(TestServices.limits(2, 1_000, 1_000, 2));
    private static AuthServerUnderTest auth;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        auth = new AuthServerUnderTest(STORES);
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void anAllowedOriginMayReadTheAnswer() throws Exception {
        HttpResponse<String> r = send(post("/v1/auth/register", credentials(name())).header("Origin", PAGE));
        assertThat(r.statusCode()).isEqualTo(201);
        assertAllowed(r, PAGE);

        HttpResponse<String> anyPort = send(post("/v1/auth/register", credentials(name()))
                .header("Origin", "http://localhost:5173"));
        assertThat(anyPort.statusCode()).isEqualTo(201);
        assertAllowed(anyPort, "http://localhost:5173");
    }

    @Test
    void anAllowedOriginMayReadErrorsTheirCodesAndRetryAfter() throws Exception {
        String name = name();
        send(post("/v1/auth/register", credentials(name)));
        HttpResponse<String> wrong = null;
        for (int i = 0; i < 2; i++) {
            wrong = send(post("/v1/auth/login", "{\"username\":\"" + name + "\",\"password\":\"wrong password\"}")
                    .header("Origin", PAGE));
        }
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(code(wrong)).isEqualTo("invalid_credentials");
        assertAllowed(wrong, PAGE);

        HttpResponse<String> limited = send(post("/v1/auth/login", credentials(name)).header("Origin", PAGE));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(code(limited)).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertAllowed(limited, PAGE);

        for (HttpResponse<String> r : new HttpResponse[] {
                send(post("/v1/auth/login", "not json").header("Origin", PAGE)),
                send(request("/v1/nothing/here").header("Origin", PAGE).GET()),
                send(request("/v1/conversations/" + UUID.randomUUID()).header("Origin", PAGE).GET())}) {
            assertThat(r.statusCode()).as(r.uri().toString()).isIn(400, 401, 404);
            assertThat(code(r)).as(r.uri().toString()).isNotNull();
            assertAllowed(r, PAGE);
        }
    }

    @Test
    void anotherOriginOrNoneGetsTheSameAnswerWithoutCorsHeaders() throws Exception {
        HttpResponse<String> plain = send(post("/v1/auth/login", wrongLogin()));
        assertThat(plain.statusCode()).isEqualTo(401);
        assertNoCors(plain);
        for (String origin : new String[] {"https://evil.example", "https://chat.example.com:8443", "null",
                "http://localhost.evil.example"}) {
            HttpResponse<String> r = send(post("/v1/auth/login", wrongLogin()).header("Origin", origin));
            assertThat(r.statusCode()).as(origin).isEqualTo(401);
            assertThat(r.body()).as(origin).isEqualTo(plain.body());
            assertNoCors(r);
        }
        HttpResponse<String> register = send(post("/v1/auth/register", credentials(name()))
                .header("Origin", "https://evil.example"));
        assertThat(register.statusCode()).isEqualTo(201);
        assertNoCors(register);
        // Only the API: the JWKS is for servers, which send no Origin.
        assertNoCors(send(request("/.well-known/jwks.json").header("Origin", PAGE).GET()));
    }

    @Test
    void aPreflightFromAnAllowedOriginNeedsNoTokenAndNamesTheMethodsAndHeaders() throws Exception {
        for (String path : new String[] {"/v1/auth/login", "/v1/conversations/" + UUID.randomUUID() + "/members/x"}) {
            HttpResponse<String> r = send(preflight(path, PAGE, "DELETE"));
            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, DELETE");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Authorization, Content-Type");
            assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
            assertThat(r.headers().firstValue("Vary")).hasValue("Origin");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedWithoutCorsHeaders() throws Exception {
        HttpResponse<String> r = send(preflight("/v1/auth/login", "https://evil.example", "POST"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(code(r)).isEqualTo("forbidden");
        assertNoCors(r);
    }

    @Test
    void preflightsCountAgainstNoRateLimit() throws Exception {
        String name = name();
        send(post("/v1/auth/register", credentials(name)));
        String token = Json.readTree(send(post("/v1/auth/login", credentials(name))).body())
                .path("accessToken").asText();
        String path = "/v1/conversations/" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            assertThat(send(preflight(path, PAGE, "GET")).statusCode()).isEqualTo(204);
        }
        HttpResponse<String> call = send(request(path).header("Origin", PAGE)
                .header("Authorization", "Bearer " + token).GET());
        assertThat(call.statusCode()).isNotEqualTo(429);
        HttpResponse<String> last = call;
        for (int i = 0; i < 10 && last.statusCode() != 429; i++) {
            last = send(request(path).header("Origin", PAGE).header("Authorization", "Bearer " + token).GET());
        }
        assertThat(code(last)).isEqualTo("rate_limited");
        assertAllowed(last, PAGE);
    }

    private static void assertAllowed(HttpResponse<String> r, String origin) {
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        assertThat(r.headers().firstValue("Vary")).hasValue("Origin");
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Retry-After");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    private static void assertNoCors(HttpResponse<String> r) {
        assertThat(r.headers().map().keySet()).as(r.uri().toString())
                .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"))
                .noneMatch(h -> h.equalsIgnoreCase("vary"));
    }

    private static String code(HttpResponse<String> r) {
        JsonNode json = Json.readTree(r.body());
        return json.path("error").path("code").asText(null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + auth.port() + path));
    }

    private static HttpRequest.Builder post(String path, String body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder preflight(String path, String origin, String method) {
        return request(path).header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    }

    /** A failed login of a name of its own (two per name are allowed). */
    private static String wrongLogin() {
        return "{\"username\":\"" + name() + "\",\"password\":\"wrong password\"}";
    }

    private static String name() {
        return "cors_" + NAMES.incrementAndGet();
    }

    private static String credentials(String name) {
        return "{\"username\":\"" + name + "\",\"password\":\"correct horse battery\"}";
    }
}
