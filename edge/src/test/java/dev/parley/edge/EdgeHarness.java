package dev.parley.edge;

import dev.parley.common.auth.LoginRevocations;
import dev.parley.common.config.Settings;
import dev.parley.common.limit.LocalRateLimiter;
import dev.parley.common.limit.SendLimiter;
import dev.parley.common.observe.Observability;
import dev.parley.common.observe.Tracing;
import dev.parley.edge.fakes.InMemoryCommandSink;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.edge.fakes.InMemoryHistory;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import dev.parley.testkit.MutableClock;
import dev.parley.testkit.fakes.InMemoryLoginRevocations;
import dev.parley.edge.fakes.TestTokens;
import io.helidon.webserver.WebServer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A real edge web server on a free local port, wired by {@link Main#setup} exactly like
 * production, with in-memory dependencies (the send limit too, unless given) and a hand-moved clock. Its meters are real (read them
 * in {@link #obs}) and every span it ends is in {@link #spans}.
 */
final class EdgeHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final TestTokens tokens = new TestTokens(clock);
    final InMemoryCommandSink commands = new InMemoryCommandSink();
    final InMemoryPresence presence = new InMemoryPresence(clock, Duration.ofSeconds(30));
    final InMemoryHistory history = new InMemoryHistory();
    final InMemoryNodeChannels channels = new InMemoryNodeChannels();
    final InMemoryLoginRevocations revocations = new InMemoryLoginRevocations(clock);
    final LoginRevocations revocationStore;
    final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final Observability obs = Observability.inMemory("edge", Tracing.exportingTo("edge", spans, false));
    final EdgeConfig config;
    final EdgeServices services;
    final WebServer server;
    final HttpClient http = HttpClient.newHttpClient();

    EdgeHarness() {
        this(Map.of());
    }

    EdgeHarness(Map<String, String> overrides) {
        this(overrides, null);
    }

    /** @param servicesClock the clock of the node's services; null: the hand-moved {@link #clock} */
    EdgeHarness(Map<String, String> overrides, Clock servicesClock) {
        this(overrides, servicesClock, null);
    }

    /** @param revocationStore the node's revoked logins; null: {@link #revocations} */
    EdgeHarness(Map<String, String> overrides, Clock servicesClock, LoginRevocations revocationStore) {
        this(overrides, servicesClock, revocationStore, null);
    }

    /** @param sends the node's send limit, built on its config; null: a {@link LocalRateLimiter} */
    EdgeHarness(Map<String, String> overrides, Clock servicesClock, LoginRevocations revocationStore,
                Function<EdgeConfig, SendLimiter> sends) {
        this.revocationStore = revocationStore == null ? revocations : revocationStore;
        Map<String, String> values = new HashMap<>(Map.of("edge.http.port", "0", "edge.node-id", "edge-test",
                "edge.allowed-origins", "http://localhost:*,https://chat.example.com"));
        values.putAll(overrides);
        Settings settings = Settings.of(values);
        config = EdgeConfig.from(settings);
        settings.validate();
        SendLimiter limiter = sends == null ? new LocalRateLimiter(config.limits().sends().tokenBucket())
                : sends.apply(config);
        services = new EdgeServices(config, servicesClock == null ? clock : servicesClock, tokens, commands, limiter,
                presence, history, channels, this.revocationStore, deadLetters, obs);
        channels.subscription(config.nodeId()).start(services.inbox()::accept, services.channelGaps());
        server = Main.setup(WebServer.builder(), services).build().start();
    }

    String token(String userId) {
        return tokens.issue(userId, T0.plus(Duration.ofMinutes(15)));
    }

    URI http(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(http(pathAndQuery)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    WsClient connect(String userId) throws Exception {
        return WsClient.connect(ws("/ws"), Map.of("Authorization", "Bearer " + token(userId)));
    }

    /** A session of one login of {@code userId}. */
    WsClient connect(String userId, String loginId) throws Exception {
        String token = tokens.issue(userId, T0.plus(Duration.ofMinutes(15)), loginId);
        return WsClient.connect(ws("/ws"), Map.of("Authorization", "Bearer " + token));
    }

    @Override
    public void close() {
        server.stop();
        services.close();
        obs.close();
    }
}
