package dev.parley.testkit.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP/1.1 client for Parley's REST endpoints, written against the client contract only
 * (PROTOCOL.md), never against the project's internals: what it can do, any client can do,
 * including sending from a chosen loopback address (127.0.0.2, 127.0.0.3, … all reach a server
 * bound to 127.0.0.1 on Linux) and sending a body without a {@code Content-Length} (chunked).
 */
public final class ParleyHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http;
    private final URI base;

    public ParleyHttp(URI base) {
        this(base, null);
    }

    /** @param localAddress the address to send from, or null for the system's choice */
    public ParleyHttp(URI base, String localAddress) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1);
        if (localAddress != null) {
            try {
                b.localAddress(InetAddress.getByName(localAddress));
            } catch (IOException e) {
                throw new IllegalArgumentException(localAddress, e);
            }
        }
        this.http = b.build();
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

    /** A JSON POST with further headers, given as name, value, name, value… */
    public HttpResult postWith(String path, String json, String... headers) {
        HttpRequest.Builder b = builder(path, null).header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST of raw bytes; with {@code chunked} the body goes without a Content-Length. */
    public HttpResult post(String path, String token, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(builder(path, token).header("Content-Type", "application/json").POST(publisher));
    }

    public HttpResult delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    /** Any method without a body: for the routes a client may call wrongly. */
    public HttpResult method(String method, String path, String token) {
        return send(builder(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
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
