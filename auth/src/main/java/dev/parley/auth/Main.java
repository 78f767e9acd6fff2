package dev.parley.auth;

import dev.parley.common.service.ServiceProcess;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.auth.internal.AccountLimits;
import dev.parley.auth.internal.AccountService;
import dev.parley.auth.internal.Argon2PasswordHasher;
import dev.parley.auth.internal.AuthMeters;
import dev.parley.auth.internal.CallLimiter;
import dev.parley.auth.internal.ConversationService;
import dev.parley.auth.internal.KafkaMembershipPublisher;
import dev.parley.auth.internal.OutboxMeters;
import dev.parley.auth.internal.OutboxRelay;
import dev.parley.auth.internal.http.AccountRoutes;
import dev.parley.auth.internal.http.ClientAddresses;
import dev.parley.auth.internal.http.ConversationRoutes;
import dev.parley.auth.internal.http.Cors;
import dev.parley.auth.internal.http.ErrorRoutes;
import dev.parley.auth.internal.http.HttpSupport;
import dev.parley.auth.internal.jdbc.Jdbc;
import dev.parley.auth.internal.jdbc.JdbcConversations;
import dev.parley.auth.internal.jdbc.JdbcOutbox;
import dev.parley.auth.internal.jdbc.JdbcRefreshTokenRepository;
import dev.parley.auth.internal.jdbc.JdbcUserRepository;
import dev.parley.auth.internal.jdbc.PgNotifyWakeup;
import dev.parley.auth.internal.memory.InMemoryAttemptCounters;
import dev.parley.auth.internal.redis.RedisAttemptCounters;
import dev.parley.common.auth.LoginRevocations;
import dev.parley.common.redis.RedisClients;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.http.HttpHardening;
import dev.parley.common.http.Servers;
import dev.parley.common.kafka.KafkaProbe;
import dev.parley.common.observe.Health;
import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.Observability;
import dev.parley.common.redis.RedisConnection;
import dev.parley.common.redis.RedisLoginRevocations;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth service: accounts, tokens, conversations and the membership outbox relay.
 * {@code java -jar parley-auth.jar} runs it; {@code java -jar parley-auth.jar new-key} adds a
 * signing key to {@code auth.keys-dir} (key rotation) and exits; {@code jwks-add-key} does the same
 * to a JWK set piped through it (the {@code auth.signing-keys} secret, {@link JwksAddKey}).
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Every request header auth reads; each must be well-formed. */
    private static final List<HeaderName> READ_HEADERS = List.of(HeaderNames.AUTHORIZATION, HeaderNames.FORWARDED,
            HeaderNames.X_FORWARDED_FOR);
    /** How long a readiness probe's answer is kept: a burst of probes costs one round trip. */
    private static final Duration HEALTH_TTL = Duration.ofSeconds(2);

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(JwksAddKey.COMMAND)) {
            // Before logging starts and before the configuration is read: standard output is the JWK set alone.
            System.exit(JwksAddKey.run(System.in, System.out, System.err, Clock.systemUTC()));
        }
        ServiceProcess.loadLogging(Main.class);
        AuthConfig config;
        try {
            Settings settings = Settings.fromEnvironment();
            config = AuthConfig.from(settings);
            settings.validate();
            settings.warnUnused("auth");
        } catch (ConfigException e) {
            ServiceProcess.fatal("auth", e.getMessage());
            return;
        }
        if (args.length > 0 && args[0].equals("new-key")) {
            newKey(config);
            return;
        }
        try {
            Running running = setup(config, Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "auth-shutdown"));
            ServiceProcess.ready("auth", "http=" + config.http().host() + ":" + running.port() + " "
                    + running.observe());
        } catch (Exception | LinkageError e) {
            LOG.debug("start-up failed", e);
            ServiceProcess.fatal("auth", "cannot start", e);
        }
    }

    /** A running service; {@link #close()} stops everything in reverse start order. */
    public static final class Running implements AutoCloseable {
        private final Deque<AutoCloseable> resources = new ArrayDeque<>();
        private WebServer server;
        private String observe;

        public int port() {
            return server.port();
        }

        /** The health and metrics server for the READY line: {@code observe=host:port}. */
        public String observe() {
            return observe;
        }

        void add(AutoCloseable resource) {
            resources.push(resource);
        }

        @Override
        public synchronized void close() {
            while (!resources.isEmpty()) {
                try {
                    resources.pop().close();
                } catch (Exception e) {
                    LOG.warn("while shutting down: {}", e.toString());
                }
            }
        }
    }

    /**
     * Connects to every store, migrates the schema, starts the HTTP server, the outbox relay and
     * the health and metrics server ({@code observe.port}).
     */
    public static Running setup(AuthConfig config, Clock clock) throws IOException {
        Running running = new Running();
        try {
            Observability obs = Observability.create("auth", Observability.processNode(), config.observe());
            running.add(obs);
            HikariDataSource dataSource = dataSource(config.db());
            running.add(dataSource);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            Jdbc jdbc = new Jdbc(dataSource);

            KeyStore keys = config.tokens().signingKeys().isPresent() ? config.tokens().signingKeys().get()
                    : KeyStore.loadOrCreate(config.tokens().keysDir(), clock);
            RedisClient redis = redisClient(config.redis());
            running.add(redis::shutdown);
            LoginRevocations revocations = new RedisLoginRevocations(redis, clock);
            running.add(revocations);
            AttemptCounters counters = attemptCounters(config, redis, clock);
            if (counters instanceof AutoCloseable closeable) {
                running.add(closeable);
            }
            AuthConfig.Argon2 a = config.argon2();
            AuthServices services = new AuthServices(new JdbcUserRepository(jdbc), new JdbcConversations(jdbc),
                    new JdbcRefreshTokenRepository(jdbc), counters, revocations,
                    new Argon2PasswordHasher(a.memoryKib(), a.iterations(), a.parallelism(), a.maxConcurrent()),
                    keys, clock, config.tokens().accessTokenTtl(), config.tokens().refreshTokenTtl(), config.limits(),
                    config.http(), jdbc::ping, obs.meters());

            MembershipPublisher publisher = KafkaMembershipPublisher.create(config.kafkaBootstrapServers(),
                    config.kafkaSecurity(), obs.meters());
            running.add(publisher);
            PgNotifyWakeup wakeup = new PgNotifyWakeup(config.db().url(), config.db().user(), config.db().password());
            running.add(wakeup);
            JdbcOutbox outbox = new JdbcOutbox(jdbc);
            OutboxRelay relay = new OutboxRelay(outbox, publisher, wakeup, config.outbox().batchSize(),
                    config.outbox().pollInterval(), new OutboxMeters(outbox, obs.meters(), clock));
            relay.start();
            running.add(relay);
            KafkaProbe kafka = KafkaProbe.create(KafkaMembershipPublisher.producerConfig(config.kafkaBootstrapServers(),
                    config.kafkaSecurity()), "parley-auth", clock);
            running.add(kafka);
            healthChecks(obs.health(), services.health(), kafka.check(), relay::alive, clock);

            WebServer server = Servers.start(HttpHardening.apply(WebServer.builder()
                    .host(config.http().host())
                    .port(config.http().port())
                    .shutdownHook(false)
                    .routing(r -> routing(r, services)))
                    .build(), "auth http");
            running.server = server;
            running.add(server::stop);
            running.observe = obs.serve();
            LOG.info("auth listening on {}:{}, signing key {}", config.http().host(), server.port(),
                    keys.signingKey().getKeyID());
            return running;
        } catch (IOException | RuntimeException | LinkageError e) {
            running.close();
            throw e;
        }
    }

    /**
     * The checks of {@code /health/live} and {@code /health/ready} on the observe port. Liveness:
     * the outbox relay runs. Readiness: PostgreSQL answers (every call needs it) and Kafka answers
     * (membership changes would pile up in the outbox). Redis is not one: without it logins still
     * work, only revocation broadcasts and shared limits degrade, and each logs that.
     */
    static void healthChecks(Health health, HealthProbe database, HealthCheck kafka, BooleanSupplier relayAlive,
                             Clock clock) {
        health.live("outbox-relay", () -> relayAlive.getAsBoolean()
                ? HealthCheck.Result.up("running")
                : HealthCheck.Result.down("the outbox relay has stopped"));
        health.ready("postgresql", HealthCheck.cached(() -> {
            if (!database.databaseUp()) {
                throw new IllegalStateException("no answer to a trivial query");
            }
            return null;
        }, HEALTH_TTL, clock));
        health.ready("kafka", kafka);
    }

    /** Every route of the service, over the given services (Main and tests). */
    public static void routing(HttpRouting.Builder routing, AuthServices services) {
        AuthConfig.Limits limits = services.limits();
        AuthMeters meters = new AuthMeters(services.meters());
        AccountService accounts = new AccountService(services.users(), services.refreshTokens(),
                services.passwordHasher(), services.tokenIssuer(),
                new AccountLimits(services.attemptCounters(), limits), services.revocations(), services.clock(),
                services.refreshTokenTtl(), meters);
        ConversationService conversations = new ConversationService(services.conversations(), services.clock());
        ClientAddresses addresses = new ClientAddresses(services.http().trustedProxies(),
                services.http().forwardedHeader());
        Cors cors = new Cors(services.http().allowedOrigins());
        ErrorRoutes.errors(routing, cors);
        routing.addFilter((chain, req, res) -> {
            HttpSupport.requireWellFormedRequest(req, READ_HEADERS);
            chain.proceed();
        });
        cors.register(routing);
        routing.get("/health", (req, res) -> {
            boolean up = services.health().databaseUp();
            HttpSupport.sendJson(res, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
        });
        new AccountRoutes(accounts, services.keys().publicJwks().toString(), addresses, meters).register(routing);
        new ConversationRoutes(conversations, services.tokenVerifier(),
                new CallLimiter(limits.callsPerSecond(), limits.callBurst(), services.clock())).register(routing);
        ErrorRoutes.fallback(routing);
    }

    private static HikariDataSource dataSource(AuthConfig.Db db) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("auth-db");
        h.setJdbcUrl(db.url());
        h.setUsername(db.user());
        h.setPassword(db.password());
        h.setMaximumPoolSize(db.poolSize());
        h.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        h.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
        return new HikariDataSource(h);
    }

    /** Redis for login revocations (always) and the attempt counters (when so configured). */
    private static RedisClient redisClient(RedisConnection redis) {
        RedisURI redisUri = redis.redisUri();
        redisUri.setTimeout(Duration.ofSeconds(1));
        return RedisClients.create(redisUri);
    }

    private static AttemptCounters attemptCounters(AuthConfig config, RedisClient redis, Clock clock) {
        return config.limits().store().equals("memory")
                ? new InMemoryAttemptCounters(clock)
                : new RedisAttemptCounters(redis);
    }

    private static void newKey(AuthConfig config) {
        if (config.tokens().signingKeys().isPresent()) {
            ServiceProcess.fatal("auth", "auth.signing-keys is set, so auth.keys-dir is not used: rotate the"
                    + " secret with jwks-add-key instead");
            return;
        }
        try {
            KeyStore.loadOrCreate(config.tokens().keysDir(), Clock.systemUTC());
            String kid = KeyStore.writeNewKey(config.tokens().keysDir(), Clock.systemUTC());
            System.out.println("new signing key " + kid + " in " + config.tokens().keysDir()
                    + "; restart every auth instance to use it");
        } catch (IOException e) {
            ServiceProcess.fatal("auth", "cannot write a key to " + config.tokens().keysDir(), e);
        }
    }
}
