package dev.parley.common.http.internal;

import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;

/**
 * Sees every request's headers before Helidon frames its body or upgrades it, and refuses what a
 * proxy and this server could frame differently (RFC 9112 6.1, 6.3): {@code Transfer-Encoding}
 * together with {@code Content-Length}, a transfer coding other than exactly {@code chunked}, and
 * a {@code Content-Length} that is not one plain decimal number. A refusal is a 400 that closes
 * the connection, so nothing after it is ever read as a request. It also moves each connection's
 * deadline along (see {@link GuardedConnection}).
 */
public final class RequestGuard implements Http1ConnectionListener {
    private static final int MAX_LENGTH_DIGITS = 18;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;

    public RequestGuard(Duration headerTimeout, Duration bodyTimeout) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        boolean chunked = headers.contains(HeaderNames.TRANSFER_ENCODING);
        boolean length = headers.contains(HeaderNames.CONTENT_LENGTH);
        if (chunked && length) {
            throw refuse("Transfer-Encoding and Content-Length must not be combined");
        }
        if (chunked) {
            Header te = headers.get(HeaderNames.TRANSFER_ENCODING);
            if (te.valueCount() != 1 || !te.get().equals("chunked")) {
                throw refuse("the only transfer coding accepted is chunked");
            }
        }
        long contentLength = length ? contentLength(headers.get(HeaderNames.CONTENT_LENGTH)) : 0;
        if (ctx instanceof GuardedConnection guarded) {
            if (chunked || contentLength > 0) {
                guarded.arm(bodyTimeout, "request body");
            } else {
                guarded.disarm();
            }
        }
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        // a response is going out: the next request's headers have the header timeout again
        if (ctx instanceof GuardedConnection guarded && status.code() != Status.SWITCHING_PROTOCOLS_101.code()) {
            guarded.arm(headerTimeout, "request header");
        }
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        // the request line is in: the header deadline armed earlier still runs
    }

    private static long contentLength(Header header) {
        String value = header.valueCount() == 1 ? header.get() : "";
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
            throw refuse("Content-Length must be a single decimal number");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw refuse("Content-Length must be a single decimal number");
            }
        }
        return Long.parseLong(value);
    }

    private static RequestException refuse(String message) {
        return RequestException.builder()
                .type(EventType.BAD_REQUEST)
                .status(Status.BAD_REQUEST_400)
                .setKeepAlive(false)
                .message(message)
                .safeMessage(true)
                .build();
    }
}
