package dev.parley.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket for the tests {@link WsConnection} cannot express: any upgrade headers (a browser
 * {@code Origin}), a client that does not read (java.net.http delivers, and reads from the
 * socket, only what was {@code request}ed: a {@linkplain #open silent} socket requests nothing
 * until {@link #startReading()}), WebSocket ping frames, a keep-alive, and frames stamped with
 * their arrival time. Still a contract client: it only speaks the protocol.
 */
public final class RawWebSocket implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** A text frame as parsed JSON and when it arrived ({@link System#nanoTime()}). */
    public record Received(JsonNode frame, long nanos) {
    }

    private final FrameLog log = new FrameLog();
    private final LinkedBlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final boolean reading;
    private volatile WebSocket socket;
    private ScheduledExecutorService keepAlive;

    private RawWebSocket(boolean reading) {
        this.reading = reading;
    }

    /**
     * Upgrades with the given headers. With {@code reading} false nothing is requested, so no
     * frame (not even {@code ready}) is read until {@link #startReading()}.
     */
    public static RawWebSocket open(URI wsUrl, Map<String, String> headers, boolean reading) {
        RawWebSocket c = new RawWebSocket(reading);
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach(b::header);
        try {
            c.socket = b.buildAsync(wsUrl, c.listener()).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("WebSocket upgrade failed: " + e, e);
        }
        return c;
    }

    /** The HTTP status an upgrade with these headers gets: 101 when accepted, else the refusal's. */
    public static int upgradeStatus(URI wsUrl, Map<String, String> headers) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach(b::header);
        try {
            b.buildAsync(wsUrl, new WebSocket.Listener() { }).join().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw new AssertionError("WebSocket upgrade failed: " + e.getCause(), e);
        }
    }

    /** Lets a silent socket read from now on, without limit. */
    public void startReading() {
        socket.request(Long.MAX_VALUE);
    }

    /** Sends a WebSocket ping frame every {@code period} (inbound traffic for the server's idle check). */
    public synchronized void keepAlive(Duration period) {
        if (keepAlive == null) {
            keepAlive = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
            keepAlive.scheduleAtFixedRate(() -> {
                if (!socket.isOutputClosed()) {
                    socket.sendPing(ByteBuffer.wrap(new byte[] {'k'})).exceptionally(e -> null);
                }
            }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public void sendPing(byte[] data) {
        socket.sendPing(ByteBuffer.wrap(data)).join();
    }

    /** The next pong frame's payload, or null after {@code timeout}. */
    public ByteBuffer awaitPong(Duration timeout) throws InterruptedException {
        return pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the first text frame, received so far or later, that matches. */
    public Received await(Predicate<JsonNode> match, Duration timeout) {
        return awaitFrom(0, match, timeout);
    }

    /** Like {@link #await} but ignores the first {@code fromIndex} frames (a mark from {@link #count()}). */
    public Received awaitFrom(int fromIndex, Predicate<JsonNode> match, Duration timeout) {
        FrameLog.Entry e = log.awaitFrom(fromIndex, match, timeout);
        return new Received(e.frame(), e.nanos());
    }

    /** How many text frames have arrived so far. */
    public int count() {
        return log.count();
    }

    /** Every text frame so far, in arrival order. */
    public List<Received> received() {
        return log.all().stream().map(e -> new Received(e.frame(), e.nanos())).toList();
    }

    /** Completes with the server's close code; completes exceptionally when the connection broke without one. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Drops the connection without a close frame, as a vanished client would. */
    public void abort() {
        stopKeepAlive();
        socket.abort();
    }

    /** Sends a close frame and waits up to {@code timeout} for the server's close reply before dropping the connection. */
    public void closeGracefully(Duration timeout) {
        stopKeepAlive();
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the server may have closed or gone first; the abort below ends it either way
        } finally {
            socket.abort();
        }
    }

    @Override
    public void close() {
        stopKeepAlive();
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private synchronized void stopKeepAlive() {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                if (reading) {
                    ws.request(Long.MAX_VALUE);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                log.onText(data, last);
                return null;
            }

            @Override
            public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                ByteBuffer copy = ByteBuffer.allocate(message.remaining());
                copy.put(message).flip();
                pongs.add(copy);
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
