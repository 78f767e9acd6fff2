package dev.parley.testkit.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for Parley's REST endpoints, written against the client contract only
 * (PROTOCOL.md), never against the project's internals: what it can do, any client can do.
 */
public final class ParleyHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;

    public ParleyHttp(URI base) {
        this.base = base;
    }

    public HttpResult get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public HttpResult post(String path, String token, String json) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST as a request a reverse proxy forwards for the client at {@code clientAddress} ({@code X-Forwarded-For}). */
    public HttpResult postForwarded(String path, String token, String json, String clientAddress) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .header("X-Forwarded-For", clientAddress).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResult delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResult send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body(), r.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw new AssertionError("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
