package dev.parley.edge.http;

import dev.parley.common.config.Settings;
import dev.parley.common.limit.LocalRateLimiter;
import dev.parley.edge.EdgeConfig;
import dev.parley.edge.EdgeServices;
import dev.parley.edge.Main;
import dev.parley.edge.fakes.InMemoryCommandSink;
import dev.parley.edge.fakes.InMemoryHistory;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import dev.parley.edge.fakes.TestTokens;
import dev.parley.testkit.MutableClock;
import io.helidon.webserver.WebServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The edge's real web server, built by {@link Main#setup} as in production, over in-memory dependencies. */
final class EdgeUnderTest implements AutoCloseable {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final TestTokens tokens = new TestTokens(clock);
    final EdgeServices services;
    final WebServer server;

    EdgeUnderTest() {
        Settings settings = Settings.of(Map.of("edge.http.port", "0", "edge.node-id", "edge-http-test",
                "edge.allowed-origins", "http://localhost:*"));
        EdgeConfig config = EdgeConfig.from(settings);
        settings.validate();
        InMemoryNodeChannels channels = new InMemoryNodeChannels();
        services = new EdgeServices(config, clock, tokens, new InMemoryCommandSink(),
                new LocalRateLimiter(config.limits().sends().tokenBucket()), new InMemoryPresence(clock, Duration.ofSeconds(30)), new InMemoryHistory(), channels,
                new dev.parley.testkit.fakes.InMemoryLoginRevocations(clock),
                new dev.parley.testkit.fakes.InMemoryDeadLetters());
        channels.subscription(config.nodeId()).start(services.inbox()::accept, services.channelGaps());
        server = Main.setup(WebServer.builder(), services).build().start();
    }

    int port() {
        return server.port();
    }

    String token(String userId) {
        return tokens.issue(userId, T0.plus(Duration.ofMinutes(15)));
    }

    @Override
    public void close() {
        server.stop();
        services.close();
    }
}
