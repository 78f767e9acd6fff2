package dev.parley.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.RawWebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The edge tests' view of testkit's {@link RawWebSocket}: frames are read one after the other
 * with {@link #next()}, as a test walks through a conversation with the server.
 */
final class WsClient implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(5);

    final RawWebSocket socket;
    private int read;

    private WsClient(RawWebSocket socket) {
        this.socket = socket;
    }

    static WsClient connect(URI uri, Map<String, String> headers) {
        return new WsClient(RawWebSocket.open(uri, headers, true));
    }

    /** The next frame not yet read, failing the test when none arrives within 5 s. */
    JsonNode next() {
        JsonNode frame = socket.awaitFrom(read, f -> true, WAIT).frame();
        read++;
        return frame;
    }

    /** How many frames have arrived that {@link #next()} has not returned yet. */
    int unread() {
        return socket.count() - read;
    }

    /** Marks every frame received so far as read. */
    void skipReceived() {
        read = socket.count();
    }

    /** The close code the server sent. */
    int closeCode() throws Exception {
        return socket.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void send(String text) {
        socket.sendText(text);
    }

    @Override
    public void close() {
        socket.closeGracefully(WAIT);
    }
}
