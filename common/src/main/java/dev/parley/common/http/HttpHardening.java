package dev.parley.common.http;

import dev.parley.common.http.internal.GuardedSelector;
import dev.parley.common.http.internal.GuardedWsUpgrader;
import dev.parley.common.http.internal.JsonDirectHandler;
import dev.parley.common.http.internal.RequestGuard;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The HTTP/1.1 and WebSocket hardening every Parley web server applies (docs/http-hardening.md):
 * call {@link #apply} last on the server builder, after its protocols and routings.
 *
 * <p>It replaces Helidon's discovered HTTP/1.1 connection selector by the same selector wrapped
 * in Parley's guards: request framing checks, a header and a body deadline per connection, quiet
 * handling of abandoned requests, error JSON for what the server layer answers itself, and, if
 * the builder has a {@link WsConfig}, a WebSocket upgrader that upgrades only {@code GET} on a
 * canonical path and closes protocol errors with their RFC 6455 codes.
 */
public final class HttpHardening {
    /** Deadlines of every hardened server in this JVM: one daemon thread, cancelled entries removed. */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    private HttpHardening() {
    }

    /**
     * @param headerTimeout from accepting a connection, or from the last response on it, until the
     *     next request's headers are complete (slow or silent clients are closed after it)
     * @param bodyTimeout from the headers of a request with a body until its response starts
     */
    public record Options(Duration headerTimeout, Duration bodyTimeout) {
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(10), Duration.ofSeconds(30));

        public Options {
            if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive");
            }
        }
    }

    public static <B extends ListenerConfig.BuilderBase<?, ?>> B apply(B server) {
        return apply(server, Options.DEFAULTS);
    }

    public static <B extends ListenerConfig.BuilderBase<?, ?>> B apply(B server, Options options) {
        List<ProtocolConfig> others = new ArrayList<>();
        Http1Config http1 = null;
        WsConfig ws = null;
        for (ProtocolConfig p : server.protocols()) {
            if (p instanceof Http1Config h) {
                http1 = h;
            } else {
                if (p instanceof WsConfig w) {
                    ws = w;
                }
                others.add(p);
            }
        }
        RequestGuard guard = new RequestGuard(options.headerTimeout(), options.bodyTimeout());
        Http1Config guarded = Http1Config.builder()
                .from(Optional.ofNullable(http1).orElseGet(Http1Config::create))
                // the only listener: Helidon 4.3's composite of several listeners forwards no headers
                // or status events at all (Http1ConnectionListenerUtil.ListFrameListener), so the
                // packet-logging listeners (recv-log, send-log: TRACE only) give way to the guard
                .receiveListeners(List.of(guard))
                .sendListeners(List.of(guard))
                .build();
        Map<String, GuardedWsUpgrader> upgraders = ws == null ? Map.of()
                : Map.of("websocket", new GuardedWsUpgrader(WsUpgrader.create(ws)));
        // Helidon would otherwise add its own, unguarded HTTP/1.1 selector next to ours
        server.protocolsDiscoverServices(false);
        server.protocols(others);
        server.addConnectionSelector(new GuardedSelector(
                Http1ConnectionSelector.builder().config(guarded).upgraders(upgraders).build(),
                DEADLINES, options.headerTimeout()));
        DirectHandler json = new JsonDirectHandler();
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, json);
        }
        server.directHandlers(handlers.build());
        return server;
    }

    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "parley-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(executor);
    }
}
