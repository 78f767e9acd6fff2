package dev.parley.common.observe;

import dev.parley.common.http.HttpHardening;
import dev.parley.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The small HTTP server every service runs on a port of its own ({@code observe.port}), apart
 * from client traffic so a flood of clients cannot starve the probes:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process can make progress, else 503;</li>
 *   <li>{@code GET /health/ready} (and {@code /health}): 200 while it can serve, else 503;</li>
 *   <li>{@code GET /metrics}: every meter, in Prometheus text format (written by Micrometer).</li>
 * </ul>
 */
public final class ObserveServer implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final WebServer server;

    private ObserveServer(WebServer server) {
        this.server = server;
    }

    /** Starts listening; throws when the port is taken. */
    public static ObserveServer start(ObserveConfig config, Health health, PrometheusMeterRegistry registry) {
        WebServer server = HttpHardening.apply(WebServer.builder()
                        .host(config.host())
                        .port(config.port())
                        .shutdownHook(false)
                        .routing(r -> routing(r, health, registry)))
                .build()
                .start();
        return new ObserveServer(server);
    }

    /** The routes alone, for a test server. */
    public static HttpRouting.Builder routing(HttpRouting.Builder r, Health health, PrometheusMeterRegistry registry) {
        return r.get("/health/live", (req, res) -> send(res, health.live()))
                .get("/health/ready", (req, res) -> send(res, health.ready()))
                .get("/health", (req, res) -> send(res, health.ready()))
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
                    res.header(HeaderNames.CACHE_CONTROL, "no-store");
                    res.send(registry.scrape());
                });
    }

    private static void send(ServerResponse res, Health.Report report) {
        res.status(report.up() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.writeBytes(report.json()));
    }

    public int port() {
        return server.port();
    }

    /** For the READY line: {@code observe=host:port}. */
    public String address(ObserveConfig config) {
        return config.host() + ":" + port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
