package dev.parley.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test WebSocket client (java.net.http) that collects what the server sends. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final long WAIT_SECONDS = 5;

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static WsClient connect(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder b = http.newWebSocketBuilder();
        headers.forEach(b::header);
        client.socket = b.buildAsync(uri, client).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** The next frame, failing the test when none arrives within 5 s. */
    JsonNode next() throws InterruptedException {
        JsonNode f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within " + WAIT_SECONDS + " s");
        }
        return f;
    }

    /** The close code the server sent. */
    int closeCode() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(Json.read(partial.toString(), JsonNode.class));
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        pongs.add(message);
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

    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT_SECONDS, TimeUnit.SECONDS);
                closed.get(WAIT_SECONDS, TimeUnit.SECONDS); // the server's close reply
            }
        } catch (Exception e) {
            // the server may have gone already
        } finally {
            socket.abort();
        }
    }
}
