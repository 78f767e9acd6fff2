package dev.parley.common.http.internal;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsCloseException;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Helidon's WebSocket upgrader behind two checks: only {@code GET} on a path written in its one
 * canonical form may upgrade ({@code POST /ws}, {@code //ws}, {@code /./ws} are routed as plain
 * HTTP instead); and the upgraded connection reads through a {@link WsFrameValidator}, so a
 * protocol error closes with its RFC 6455 code before Helidon parses the frame. Frames before
 * the bad one are delivered as usual. Anything that still escapes Helidon's WebSocket loop ends
 * the connection instead of becoming an HTTP 500 written into the WebSocket stream.
 */
public final class GuardedWsUpgrader implements Http1Upgrader {
    private static final Pattern CANONICAL_PATH = Pattern.compile("(/[A-Za-z0-9_~!$&'()*+,;=:@-][A-Za-z0-9._~!$&'()*+,;=:@-]*)+");
    private final Http1Upgrader helidon;

    public GuardedWsUpgrader(Http1Upgrader helidon) {
        this.helidon = helidon;
    }

    @Override
    public String supportedProtocol() {
        return helidon.supportedProtocol();
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        if (prologue.method() != Method.GET || !CANONICAL_PATH.matcher(prologue.uriPath().rawPath()).matches()) {
            return null;
        }
        ValidatingContext validating = new ValidatingContext(ctx);
        ServerConnection ws = helidon.upgrade(validating, prologue, headers);
        return ws == null ? null : new Upgraded(ws);
    }

    /** Reads the client's frames through the validator; hands Helidon only bytes before a violation. */
    private static final class ValidatingContext extends DelegatingContext {
        private final WsFrameValidator validator = new WsFrameValidator();
        private final DataReader reader = new DataReader(this::pull);
        private WsCloseException pending;

        ValidatingContext(ConnectionContext delegate) {
            super(delegate);
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        private byte[] pull() {
            if (pending != null) {
                throw pending;
            }
            byte[] bytes = next(delegate.dataReader());
            int bad = validator.accept(bytes);
            if (bad < 0) {
                return bytes;
            }
            pending = validator.failure();
            if (bad == 0) {
                throw pending;
            }
            return Arrays.copyOf(bytes, bad);
        }
    }

    private record Upgraded(ServerConnection delegate) implements ServerConnection {
        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } catch (CloseConnectionException e) {
                throw e;
            } catch (RuntimeException e) {
                if (delegate instanceof WsSession ws) {
                    try {
                        ws.close(1011, "");
                    } catch (RuntimeException ignored) {
                        // the socket is gone: nothing to tell the client
                    }
                }
                throw new CloseConnectionException("WebSocket connection failed", e);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }
    }
}
