package dev.parley.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket session of a contract client. Every text frame received is parsed and kept in
 * arrival order; tests wait for the frames they expect with {@link #await}.
 */
public final class WsConnection implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private final FrameLog log = new FrameLog();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;
    private JsonNode ready;

    private WsConnection() {
    }

    /** Connects with {@code Authorization: Bearer} and waits for the {@code ready} frame. */
    public static WsConnection open(URI wsUrl, String token) {
        WsConnection c = new WsConnection();
        try {
            c.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(wsUrl, c.listener())
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("WebSocket upgrade failed: " + e, e);
        }
        c.ready = c.await(f -> "ready".equals(f.path("type").asText()), CONNECT_TIMEOUT);
        return c;
    }

    /** The HTTP status with which an upgrade attempt is refused, or 101 when it is accepted. */
    public static int upgradeStatus(URI wsUrl, String token) {
        try {
            WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            WebSocket ws = b.buildAsync(wsUrl, new WebSocket.Listener() { }).join();
            ws.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw new AssertionError("WebSocket upgrade failed: " + e.getCause(), e);
        }
    }

    public JsonNode ready() {
        return ready;
    }

    public String sessionId() {
        return ready.path("sessionId").asText();
    }

    /** Sends a {@code send} frame. */
    public void send(String clientMsgId, String conversationId, String body) {
        sendJson(Json.mapper().createObjectNode().put("type", "send").put("clientMsgId", clientMsgId)
                .put("conversationId", conversationId).put("body", body));
    }

    public void sendJson(ObjectNode frame) {
        sendRaw(frame.toString());
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Waits for the first frame, received so far or later, that matches; fails after {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        return awaitFrom(0, match, timeout);
    }

    /** Like {@link #await(Predicate, Duration)} but ignores the first {@code fromIndex} frames received. */
    public JsonNode awaitFrom(int fromIndex, Predicate<JsonNode> match, Duration timeout) {
        return log.awaitFrom(fromIndex, match, timeout).frame();
    }

    /** Waits for the first frame of a type whose field {@code field} equals {@code value}. */
    public JsonNode await(String type, String field, String value, Duration timeout) {
        return await(f -> type.equals(f.path("type").asText()) && value.equals(f.path(field).asText()), timeout);
    }

    /** How many frames have been received so far (a marker for {@link #awaitFrom}). */
    public int count() {
        return log.count();
    }

    /** A copy of every frame received so far, in order. */
    public List<JsonNode> frames() {
        return log.all().stream().map(FrameLog.Entry::frame).toList();
    }

    /** Completes with the close code when the server closes the connection. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                log.onText(data, last);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
    }
}
