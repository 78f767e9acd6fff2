package dev.parley.edge;

import dev.parley.common.service.ServiceProcess;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.http.HttpHardening;
import dev.parley.common.http.Servers;
import dev.parley.common.frame.Limits;
import dev.parley.common.kafka.KafkaProbe;
import dev.parley.common.observe.Health;
import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.Observability;
import dev.parley.edge.internal.cql.CqlHistoryReader;
import dev.parley.edge.internal.EdgeWsListener;
import dev.parley.edge.internal.CachingHistoryReader;
import dev.parley.edge.internal.CachingTokenVerifier;
import dev.parley.edge.internal.JwksTokenVerifier;
import dev.parley.edge.internal.kafka.KafkaCommandSink;
import dev.parley.edge.internal.redis.RedisConnections;
import dev.parley.edge.internal.RestRoutes;
import dev.parley.edge.internal.web.StaticWeb;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge node: WebSocket sessions and the read-side REST API. Wires everything by hand.
 *
 * <p>Prints {@code READY edge http=<host:port> node=<nodeId> observe=<host:port>} on stdout once
 * serving, or {@code FATAL edge: <reason>} on stderr and exits with 2. SIGTERM drains: new sockets
 * are refused, open ones closed with 1001, presence removed, then everything is closed.
 *
 * <p>Health and metrics are served on a port of their own ({@code observe.port}): ready while
 * Kafka, CQL and Redis answer and the node is not draining.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** How long a dependency probe's answer is reused: a burst of scrapes costs one round trip. */
    private static final Duration PROBE_TTL = Duration.ofSeconds(2);
    private static final int JWKS_WARM_UP_ATTEMPTS = 6;
    private static final Duration JWKS_WARM_UP_PAUSE = JwksTokenVerifier.REFETCH_INTERVAL.plusSeconds(1);

    private Main() {
    }

    public static void main(String[] args) {
        ServiceProcess.loadLogging(Main.class);
        Settings settings;
        EdgeConfig config;
        try {
            settings = Settings.fromEnvironment();
            config = EdgeConfig.from(settings);
            settings.validate();
            settings.warnUnused("edge");
        } catch (ConfigException e) {
            ServiceProcess.fatal("edge", e.getMessage());
            return;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Clock clock = Clock.systemUTC();
            Observability obs = add(resources, Observability.create("edge", config.nodeId(), config.observe()));
            JwksTokenVerifier jwks = new JwksTokenVerifier(config.jwksUrl().toURL(), clock);
            Thread.ofVirtual().name("jwks-warm-up").start(() -> warmUp(jwks)); // beside the connects below
            TokenVerifier tokens = new CachingTokenVerifier(jwks, clock);
            CqlHistoryReader history = add(resources, CqlHistoryReader.connect(config));
            RedisConnections redis = add(resources, RedisConnections.connect(config, clock));
            KafkaCommandSink commands = add(resources, KafkaCommandSink.create(config));
            KafkaProbe kafka = add(resources, KafkaProbe.create(KafkaCommandSink.producerProps(config),
                    "parley-" + config.nodeId(), clock));
            EdgeServices services = add(resources, new EdgeServices(config, clock, tokens, commands,
                    redis.sendLimiter(config.limits().sends().tokenBucket()), redis.presence(),
                    new CachingHistoryReader(history, clock), redis.publisher(), redis.revocations(),
                    commands.deadLetters(), obs));
            readiness(obs.health(), services, kafka.check(), HealthCheck.cached(history::probe, PROBE_TTL, clock),
                    HealthCheck.cached(redis::probe, PROBE_TTL, clock));
            WebServer server = Servers.start(setup(WebServer.builder(), services).build(), "edge http");
            redis.channel().start(services.inbox()::accept, services.channelGaps());
            services.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(services, server, resources), "edge-drain"));
            ServiceProcess.ready("edge", "http=" + config.httpHost() + ":" + server.port() + " node=" + config.nodeId()
                    + " " + obs.serve());
        } catch (Exception e) {
            LOG.debug("start-up failed", e);
            closeAll(resources);
            ServiceProcess.fatal("edge", "cannot start", e);
        }
    }

    /**
     * Auth may start after this node (a whole stack starting at once): a few more tries, each after
     * the key set's refetch interval, so a try never takes the budget a client's token needs.
     */
    private static void warmUp(JwksTokenVerifier jwks) {
        for (int attempt = 1; !jwks.warmUp() && attempt < JWKS_WARM_UP_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(JWKS_WARM_UP_PAUSE);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * What the node needs to serve: Kafka (every frame goes there), CQL (history and catch-up),
     * Redis (presence, and this node's channel, which carries every delivery) and not draining
     * (a load balancer must stop sending clients before the sockets are closed).
     */
    public static Health readiness(Health health, EdgeServices services, HealthCheck kafka, HealthCheck cql,
                                   HealthCheck redis) {
        return health.ready("kafka", kafka)
                .ready("cql", cql)
                .ready("redis", redis)
                .ready("draining", () -> services.hub().draining()
                        ? HealthCheck.Result.down("draining: sessions are being closed")
                        : HealthCheck.Result.up("serving"));
    }

    /** The server of a node: listener, WebSocket limits and both routings. Used by tests too. */
    public static WebServerConfig.Builder setup(WebServerConfig.Builder server, EdgeServices services) {
        EdgeConfig config = services.config();
        return HttpHardening.apply(server.host(config.httpHost())
                .port(config.httpPort())
                .shutdownHook(false)
                .maxPayloadSize(Limits.MAX_HTTP_BODY_BYTES)
                .addProtocol(WsConfig.builder().name("websocket").maxFrameLength(Limits.MAX_FRAME_BYTES).build())
                .routing(r -> routing(r, services))
                .addRouting(wsRouting(WsRouting.builder(), services)));
    }

    /** {@code /health}, {@code /v1/...}, the answer to a refused {@code /ws} upgrade, and the web client. */
    public static HttpRouting.Builder routing(HttpRouting.Builder routing, EdgeServices services) {
        // The web client at /, before the API's catch-all 404.
        new StaticWeb(services.config().webAuthUrl()).register(routing);
        new RestRoutes(services.admission(), services.gate(), services.restRate(), services.history(),
                services.presence(), services.meters()).register(routing);
        return routing;
    }

    /** {@code GET /ws}: one listener per connection. */
    public static WsRouting.Builder wsRouting(WsRouting.Builder routing, EdgeServices services) {
        return routing.endpoint("/ws", () -> new EdgeWsListener(services.hub(), services.gate()));
    }

    private static void shutdown(EdgeServices services, WebServer server, List<AutoCloseable> resources) {
        LOG.info("draining: closing {} sessions", services.hub().registry().size());
        services.drain();
        server.stop();
        closeAll(resources);
        LOG.info("stopped");
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }


}
