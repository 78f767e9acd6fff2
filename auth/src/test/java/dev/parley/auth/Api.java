package dev.parley.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.parley.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

/** A small JSON client over Helidon's test client. */
public final class Api {
    public record Response(int status, JsonNode json, String body, String retryAfter) {
        public String errorCode() {
            return json.path("error").path("code").asText(null);
        }
    }

    private final Http1Client client;

    public Api(Http1Client client) {
        this.client = client;
    }

    public Response call(Method method, String path, String token, String body) {
        return call(method, path, token, body, java.util.Map.of());
    }

    /** @param headers further request headers, e.g. {@code X-Forwarded-For} */
    public Response call(Method method, String path, String token, String body, java.util.Map<String, String> headers) {
        Http1ClientRequest req = client.method(method).path(path);
        headers.forEach((name, value) -> req.header(io.helidon.http.HeaderNames.create(name), value));
        if (token != null) {
            req.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        req.header(HeaderNames.CONTENT_TYPE, "application/json");
        try (HttpClientResponse res = body == null ? req.request() : req.submit(body)) {
            String text = res.entity().hasEntity() ? res.as(String.class) : "";
            JsonNode json = text.isEmpty() ? MissingNode.getInstance() : Json.read(text, JsonNode.class);
            return new Response(res.status().code(), json, text,
                    res.headers().first(HeaderNames.RETRY_AFTER).orElse(null));
        }
    }

    public Response post(String path, String token, String body) {
        return call(Method.POST, path, token, body);
    }

    public Response get(String path, String token) {
        return call(Method.GET, path, token, null);
    }

    public Response delete(String path, String token) {
        return call(Method.DELETE, path, token, null);
    }

    /** Registers and logs in; returns the login answer. */
    public JsonNode signUp(String username) {
        Response r = post("/v1/auth/register", null, credentials(username));
        if (r.status() != 201) {
            throw new AssertionError("register " + username + ": " + r);
        }
        Response login = post("/v1/auth/login", null, credentials(username));
        if (login.status() != 200) {
            throw new AssertionError("login " + username + ": " + login);
        }
        return login.json();
    }

    public static String credentials(String username) {
        return "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\"}";
    }
}
