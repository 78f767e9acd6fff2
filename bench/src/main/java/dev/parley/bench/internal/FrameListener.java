package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One WebSocket of a {@link BenchSession}: joins the parts of each text frame, completes
 * {@code ready} with the session id of the {@code ready} frame, hands every later frame on with
 * that session id, and reports the socket's end. A frame that is not JSON is counted as a client
 * error, not thrown into the HTTP client's thread.
 */
final class FrameListener implements WebSocket.Listener {
    private final CompletableFuture<String> ready;
    private final BiConsumer<JsonNode, String> onFrame;
    private final Consumer<WebSocket> onEnd;
    private final Tracker tracker;
    private final StringBuilder partial = new StringBuilder();
    /** Whether the socket ended; read by the connecting thread, which may learn it only after ready. */
    volatile boolean closed;
    private String session;

    FrameListener(CompletableFuture<String> ready, BiConsumer<JsonNode, String> onFrame, Consumer<WebSocket> onEnd,
            Tracker tracker) {
        this.ready = ready;
        this.onFrame = onFrame;
        this.onEnd = onEnd;
        this.tracker = tracker;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                JsonNode f = Json.mapper().readTree(text);
                if ("ready".equals(f.path("type").asText())) {
                    session = f.path("sessionId").asText();
                    ready.complete(session);
                } else {
                    onFrame.accept(f, session);
                }
            } catch (Exception e) {
                tracker.error("client: " + e);
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        ready.completeExceptionally(new IllegalStateException("closed " + statusCode));
        onEnd.accept(webSocket);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
        ready.completeExceptionally(error);
        onEnd.accept(webSocket);
    }
}
