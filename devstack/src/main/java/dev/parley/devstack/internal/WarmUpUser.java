package dev.parley.devstack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One user of the stack's warm-up, speaking the client contract over HTTP and one WebSocket, from
 * a loopback address of its own: the auth service limits registrations per client address, and
 * the warm-up must not spend the developer's (127.0.0.1) share of them. Where the system has only
 * 127.0.0.1 (macOS), it falls back to that address.
 */
public final class WarmUpUser implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI auth;
    private final URI edgeHttp;
    private final URI edgeWs;
    private String token;
    private String userId;
    private WebSocket socket;

    public WarmUpUser(int index, URI auth, URI edgeHttp, URI edgeWs) {
        this.http = client(index);
        this.auth = auth;
        this.edgeHttp = edgeHttp;
        this.edgeWs = edgeWs;
    }

    private static HttpClient client(int index) {
        try {
            InetAddress own = InetAddress.getByName("127.0.0." + (20 + index));
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.bind(new java.net.InetSocketAddress(own, 0));
            }
            return HttpClient.newBuilder().localAddress(own).connectTimeout(TIMEOUT).build();
        } catch (IOException e) {
            return HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        }
    }

    /** Logs in; registers first when the user does not exist yet (the first start on a data folder). */
    public void logIn(String username, String password) throws IOException, InterruptedException {
        ObjectNode body = Json.mapper().createObjectNode().put("username", username).put("password", password);
        HttpResponse<String> r = post(auth.resolve("/v1/auth/login"), body, null);
        if (r.statusCode() == 401) {
            expect(post(auth.resolve("/v1/auth/register"), body, null), 201, "register " + username);
            r = post(auth.resolve("/v1/auth/login"), body, null);
        }
        JsonNode json = expect(r, 200, "log in " + username);
        token = json.path("accessToken").asText();
        userId = json.path("userId").asText();
    }

    public String userId() {
        return userId;
    }

    /** The direct conversation with {@code other} (created, or the existing one). */
    public String direct(WarmUpUser other) throws IOException, InterruptedException {
        ObjectNode body = Json.mapper().createObjectNode().put("kind", "direct");
        body.putArray("members").add(other.userId);
        HttpResponse<String> r = post(auth.resolve("/v1/conversations"), body, token);
        return expect(r, r.statusCode() == 200 ? 200 : 201, "open a direct conversation").path("conversationId").asText();
    }

    /** Opens the user's socket; every server frame goes to {@code frames}, whole. */
    public void connect(Consumer<JsonNode> frames) {
        socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .buildAsync(edgeWs, new Listener(frames)).orTimeout(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .join();
    }

    /** A second socket opened and closed at once: the upgrade, token and presence paths. */
    public void reconnectOnce() {
        http.newWebSocketBuilder().connectTimeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .buildAsync(edgeWs, new Listener(f -> { }))
                .thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up"));
    }

    /** Sends a client frame; synchronous per socket, as the JDK's WebSocket requires one send at a time. */
    public synchronized void send(ObjectNode frame) {
        socket.sendText(frame.toString(), true).join();
    }

    /** A history read of the edge, as a client catching up does. */
    public void readHistory(String conversationId, long after) {
        http.sendAsync(HttpRequest.newBuilder(edgeHttp.resolve("/v1/conversations/" + conversationId
                        + "/messages?after=" + after + "&limit=50")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up done").orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        http.close();
    }

    private HttpResponse<String> post(URI uri, ObjectNode body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(HttpResponse<String> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException("warm-up: could not " + what + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return Json.readTree(r.body());
    }

    /** Reassembles text frames that arrive in parts. */
    private static final class Listener implements WebSocket.Listener {
        private final Consumer<JsonNode> frames;
        private final StringBuilder part = new StringBuilder();

        Listener(Consumer<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                String text = part.toString();
                part.setLength(0);
                try {
                    frames.accept(Json.readTree(text));
                } catch (RuntimeException e) {
                    // not for the warm-up to judge: the contract's tests do
                }
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
