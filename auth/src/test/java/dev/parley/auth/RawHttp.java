package dev.parley.auth;

import dev.parley.testkit.client.HttpResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What {@code ParleyHttp} cannot do, for the integration tests: send from a chosen loopback
 * address (127.0.0.2, 127.0.0.3, … all reach a server bound to 127.0.0.1 on Linux), and send raw
 * bytes with or without a {@code Content-Length} (chunked).
 */
final class RawHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http;
    private final URI base;

    RawHttp(URI base, String localAddress) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT);
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

    RawHttp(URI base) {
        this(base, null);
    }

    HttpResult post(String path, String token, String json) {
        return post(path, token, json.getBytes(StandardCharsets.UTF_8), false);
    }

    /** @param headers further headers as name, value, name, value… */
    HttpResult postWith(String path, String json, String... headers) {
        HttpRequest.Builder b = request(path, null).header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** @param chunked true to send without Content-Length (Transfer-Encoding: chunked) */
    HttpResult post(String path, String token, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(request(path, token).header("Content-Type", "application/json").POST(publisher));
    }

    HttpResult method(String method, String path, String token) {
        return send(request(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1);
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
