package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.config.Settings;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.kafka.KafkaProbe;
import dev.parley.common.observe.HealthCheck;
import dev.parley.infra.CassandraServer;
import dev.parley.infra.KafkaServer;
import dev.parley.infra.Ports;
import dev.parley.infra.PostgresServer;
import dev.parley.infra.RedisServer;
import dev.parley.infra.Server;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import dev.parley.testkit.infra.RealInfra;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system on secured infrastructure, as on AWS: Kafka only over SASL_SSL with
 * SCRAM-SHA-512 (its certificate signed by a CA made now, given to the clients as PEM), Redis with
 * a password, Cassandra with password authentication and TLS, and auth's signing keys given as a
 * JWK set made by the auth jar's {@code jwks-add-key}. The stack applies topics.yaml and the schema
 * over those connections and every service connects only through them (Kafka's plaintext listener
 * is the broker's own, and no service is told about it).
 */
class SecuredStackIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KAFKA_USER = "parley";
    private static final String KAFKA_PASSWORD = "kafka \"pass\\word";
    private static final String REDIS_PASSWORD = "redis-auth-token";
    private static final List<Server> servers = new ArrayList<>();
    private static KafkaServer kafka;
    private static RedisServer redis;
    private static LocalStack stack;
    private static ParleyClient client;
    private static Map<String, String> security;
    private static String signingKeys;

    @BeforeAll
    static void start() throws Exception {
        RealInfra.assumeLocalProcesses("starts secured servers of its own");
        Path home = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();
        Path dir = Files.createDirectories(home.resolve("devstack/target/secured-" + UUID.randomUUID().toString()
                .substring(0, 8)));
        TestCertificates tls = TestCertificates.generate(dir.resolve("tls"));
        kafka = start(new KafkaServer(new KafkaServer.Config(home, dir.resolve("kafka"), Ports.free(), Ports.free(),
                new KafkaServer.SaslSsl(Ports.free(), tls.keystore(), tls.password(), KAFKA_USER, KAFKA_PASSWORD))));
        redis = start(new RedisServer(new RedisServer.Config(dir.resolve("redis"), Ports.free(), REDIS_PASSWORD)));
        PostgresServer postgres = start(new PostgresServer(new PostgresServer.Config(dir.resolve("postgres"),
                Ports.free(), LocalStack.DATABASE, "parley", "parley")));
        CassandraServer cassandra = start(new CassandraServer(new CassandraServer.Config(home, dir.resolve("cql"),
                Ports.free(), Ports.free(), Ports.free(), null,
                new CassandraServer.Secured(tls.keystore(), tls.password()))));
        security = Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "SCRAM-SHA-512",
                "kafka.sasl-username", KAFKA_USER, "kafka.sasl-password", KAFKA_PASSWORD,
                "kafka.tls-truststore", tls.caPem().toString(), "redis.password", REDIS_PASSWORD,
                "cql.username", CassandraServer.Secured.USER, "cql.password", CassandraServer.Secured.PASSWORD,
                "cql.tls", "true", "cql.tls-truststore", tls.caPem().toString());
        signingKeys = jwksAddKey(home, "");
        Map<String, String> settings = new HashMap<>(security);
        settings.put("auth.signing-keys", signingKeys);
        settings.put("auth.trusted-proxies", "127.0.0.1/32");
        StackConfig config = SharedStack.withTestAotCaches(StackConfig.forTests(home, dir.resolve("stack")), home)
                .withServiceSettings(settings);
        stack = LocalStack.start(config, new ExternalInfra(kafka.saslSslBootstrapServers(), cassandra.contactPoint(),
                cassandra.localDatacenter(), redis.uri(), postgres.jdbcUrl()), System.out);
        client = new ParleyClient(stack.authUrl(), stack.edgeHttpUrl(), stack.edgeWsUrl());
    }

    private static <S extends Server> S start(S server) {
        servers.add(server);
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        servers.reversed().forEach(Server::stop);
    }

    @Test
    void aMessageGoesFromSenderToRecipientAndIntoHistoryOverSecuredConnectionsOnly() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String conversation = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            JsonNode ack = OneMessageEndToEndIT.sendUntilAccepted(a, "s-1", conversation, "over TLS");
            assertThat(ack.path("seq").asLong()).isEqualTo(1);
            JsonNode delivered = b.await("message", "clientMsgId", "s-1", WAIT);
            assertThat(delivered.path("body").asText()).isEqualTo("over TLS");
            JsonNode[] history = new JsonNode[1];
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpResult r = client.history(bob, conversation, null, null, null);
                history[0] = r.status() == 200 ? r.json() : null;
                return history[0] != null && history[0].path("messages").size() == 1;
            });
            assertThat(history[0].path("messages").get(0).path("messageId").asText())
                    .isEqualTo(ack.path("messageId").asText());
        }
    }

    @Test
    void authSignsWithTheKeyOfTheSecretAndPublishesIt() throws Exception {
        String kid = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(signingKeys)
                .path("keys").get(0).path("kid").asText();
        HttpResult jwks = client.auth().get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().path("keys")).hasSize(1);
        assertThat(jwks.json().path("keys").get(0).path("kid").asText()).isEqualTo(kid);
        assertThat(jwks.body()).doesNotContain("\"d\"");
        assertThat(Files.readString(stack.serviceLog("auth"))).contains(kid).doesNotContain(signingKeys);
    }

    @Test
    void noServiceLogsASecret() throws Exception {
        String privateKey = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(signingKeys)
                .path("keys").get(0).path("d").asText();
        for (String service : stack.serviceNames()) {
            assertThat(Files.readString(stack.serviceLog(service))).as(service)
                    .doesNotContain(KAFKA_PASSWORD, REDIS_PASSWORD, privateKey);
        }
    }

    @Test
    void aWrongKafkaPasswordStopsAnEdgeAtStartAndTheProbeSaysSo() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> stack.addInstance("edge", Map.of("kafka.sasl-password", "wrong")))
                .hasMessageContaining("Kafka refused this node's credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong").doesNotContain(KAFKA_PASSWORD));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));

        Map<String, String> wrong = new HashMap<>(security);
        wrong.put("kafka.sasl-password", "wrong");
        Map<String, Object> props = KafkaClientSecurity.from(Settings.of(wrong))
                .applyTo(new HashMap<>(Map.of("bootstrap.servers", kafka.saslSslBootstrapServers())));
        try (KafkaProbe probe = KafkaProbe.create(props, "secured-it", Clock.systemUTC())) {
            HealthCheck.Result result = probe.check().check();
            assertThat(result.up()).isFalse();
            assertThat(result.detail()).containsIgnoringCase("authentication");
        }
    }

    @Test
    void redisRefusesAClientWithoutThePassword() {
        RedisClient anonymous = RedisClient.create(redis.uri());
        try {
            assertThatThrownBy(() -> anonymous.connect().sync().ping()).hasStackTraceContaining("NOAUTH");
        } finally {
            anonymous.shutdown();
        }
    }

    /** {@code java -jar parley-auth.jar jwks-add-key}, the rotation command an operator pipes the secret through. */
    private static String jwksAddKey(Path home, String stdin) throws Exception {
        Path jar;
        try (var jars = Files.list(home.resolve("auth/target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("parley-auth-.*\\.jar")
                    && !p.getFileName().toString().contains("sources")).findFirst().orElseThrow();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "jwks-add-key").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.strip();
    }
}
