package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.limit.TokenBucket;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.common.redis.RedisConnection;
import dev.parley.edge.internal.kafka.KafkaCommandSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {

    @Test
    void defaultsMatchConfigMd() {
        Settings s = Settings.of(Map.of());
        EdgeConfig c = EdgeConfig.from(s);
        s.validate();
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.nodeId()).matches("edge-[0-9a-f]{8}");
        assertThat(c.jwksUrl()).hasToString("http://127.0.0.1:8081/.well-known/jwks.json");
        assertThat(c.webAuthUrl()).hasToString("http://127.0.0.1:8081");
        assertThat(c.allowedOrigins()).containsExactly("http://localhost:*", "http://127.0.0.1:*");
        assertThat(c.presenceTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.sessionQueue()).isEqualTo(1024);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.kafkaDeliveryTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.kafkaBootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.cqlContactPoints()).containsExactly("127.0.0.1:19042");
        assertThat(c.cqlLocalDatacenter()).isEqualTo("datacenter1");
        assertThat(c.cqlKeyspace()).isEqualTo("parley");
        assertThat(c.redis()).isEqualTo(RedisConnection.of("redis://127.0.0.1:16379"));
        assertThat(c.kafkaSecurity()).isEqualTo(KafkaClientSecurity.PLAINTEXT);
        assertThat(c.cql()).isEqualTo(CqlConnection.PLAIN);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.effectivePingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.limits()).isEqualTo(new EdgeLimits(20, Duration.ofSeconds(2), Duration.ofMillis(500),
                new EdgeLimits.Rate(5, 10), new EdgeLimits.Rate(20, 40), new EdgeLimits.Rate(10, 20),
                Duration.ofMillis(750), Duration.ofSeconds(5), Duration.ofMillis(375)));
        assertThat(c.observe()).isEqualTo(new ObserveConfig("127.0.0.1", 9400, Optional.empty(), 1.0, false));
    }

    @Test
    void theObserveKeysAreReadAndChecked() {
        Settings ok = Settings.of(Map.of("observe.port", "0", "observe.otlp-endpoint", "http://collector:4318/v1/traces",
                "observe.trace-ratio", "0.25", "observe.log-hops", "true", "observe.host", "0.0.0.0"));
        EdgeConfig c = EdgeConfig.from(ok);
        ok.validate();
        assertThat(c.observe()).isEqualTo(new ObserveConfig("0.0.0.0", 0,
                Optional.of(java.net.URI.create("http://collector:4318/v1/traces")), 0.25, true));

        Settings bad = Settings.of(Map.of("observe.port", "70000", "observe.trace-ratio", "2"));
        EdgeConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("observe.port").hasMessageContaining("observe.trace-ratio");
    }

    @Test
    void limitsAreValidated() {
        Settings bad = Settings.of(Map.of("edge.limits.sockets-per-user", "0", "edge.limits.ping-rate", "10",
                "edge.limits.ping-burst", "5", "edge.limits.rest-rate", "-1", "edge.limits.read-coalesce", "1m",
                "edge.ping-interval", "31s", "edge.limits.typing-interval", "often", "edge.limits.send-rate", "30",
                "edge.limits.send-burst", "20"));
        EdgeConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge.limits.sockets-per-user").hasMessageContaining("edge.limits.ping-burst")
                .hasMessageContaining("edge.limits.rest-rate").hasMessageContaining("edge.limits.read-coalesce")
                .hasMessageContaining("edge.ping-interval").hasMessageContaining("edge.limits.typing-interval")
                .hasMessageContaining("edge.limits.send-burst (20) must be at least edge.limits.send-rate (30)");
    }

    @Test
    void theSheddingAckDelayIsHalfTheThresholdUnlessSetAndNeverAboveIt() {
        Settings halved = Settings.of(Map.of("edge.overload.max-ack-delay", "1s"));
        EdgeConfig c = EdgeConfig.from(halved);
        halved.validate();
        assertThat(c.limits().sheddingAckDelay()).isEqualTo(Duration.ofMillis(500));

        Settings same = Settings.of(Map.of("edge.overload.shedding-ack-delay", "750ms"));
        assertThat(EdgeConfig.from(same).limits().sheddingAckDelay()).isEqualTo(Duration.ofMillis(750));
        same.validate();

        Settings above = Settings.of(Map.of("edge.overload.max-ack-delay", "400ms",
                "edge.overload.shedding-ack-delay", "500ms"));
        EdgeConfig.from(above);
        assertThatThrownBy(above::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge.overload.shedding-ack-delay (500 ms) must be at most "
                        + "edge.overload.max-ack-delay (400 ms)");
    }

    @Test
    void theProducerLingersFiveMillisecondsWhileQuietAndTwentyWhileBusyUnlessSet() {
        Settings unset = Settings.of(Map.of());
        EdgeConfig defaults = EdgeConfig.from(unset);
        unset.validate();
        assertThat(defaults.kafkaProducerLinger())
                .isEqualTo(new ProducerLinger(Duration.ofMillis(5), Duration.ofMillis(20), 400));
        assertThat(defaults.kafkaProducerLinger().adaptive()).isTrue();
        // The producer itself lingers the busy time; the quiet one is the pacer's flush.
        assertThat(KafkaCommandSink.producerProps(defaults)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20);

        Settings fixed = Settings.of(Map.of("edge.kafka.producer-linger", "0ms", "edge.kafka.producer-linger-busy", "0ms"));
        EdgeConfig none = EdgeConfig.from(fixed);
        fixed.validate();
        assertThat(none.kafkaProducerLinger().adaptive()).isFalse();
        assertThat(KafkaCommandSink.producerProps(none)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0);

        Settings shorterBusy = Settings.of(Map.of("edge.kafka.producer-linger", "30ms"));
        EdgeConfig longQuiet = EdgeConfig.from(shorterBusy);
        shorterBusy.validate();
        assertThat(longQuiet.kafkaProducerLinger().busy()).as("never shorter than the quiet linger")
                .isEqualTo(Duration.ofMillis(30));
        assertThat(longQuiet.kafkaProducerLinger().adaptive()).isFalse();

        Settings tooLong = Settings.of(Map.of("edge.kafka.producer-linger", "51ms",
                "edge.kafka.producer-linger-busy", "60ms", "edge.kafka.busy-rate", "0"));
        EdgeConfig.from(tooLong);
        assertThatThrownBy(tooLong::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge.kafka.producer-linger must be at most 50ms")
                .hasMessageContaining("edge.kafka.producer-linger-busy must be at most 50ms")
                .hasMessageContaining("edge.kafka.busy-rate");
    }

    @Test
    void theSendLimitIsReadAsATokenBucket() {
        Settings ok = Settings.of(Map.of("edge.limits.send-rate", "3", "edge.limits.send-burst", "7"));
        EdgeConfig c = EdgeConfig.from(ok);
        ok.validate();
        assertThat(c.limits().sends()).isEqualTo(new EdgeLimits.Rate(3, 7));
        assertThat(c.limits().sends().tokenBucket()).isEqualTo(new TokenBucket(7, 3));
    }

    @Test
    void readsOverridesAndReportsEveryProblemAtOnce() {
        Settings ok = Settings.of(Map.of("edge.allowed-origins", " https://a.example , http://localhost:* ",
                "cql.contact-points", "10.0.0.1:9042,10.0.0.2:9042", "edge.node-id", "edge-1"));
        EdgeConfig c = EdgeConfig.from(ok);
        ok.validate();
        assertThat(c.allowedOrigins()).isEqualTo(List.of("https://a.example", "http://localhost:*"));
        assertThat(c.cqlContactPoints()).hasSize(2);
        assertThat(c.nodeId()).isEqualTo("edge-1");

        Settings bad = Settings.of(Map.of("edge.http.port", "http", "edge.session-queue", "0",
                "edge.jwks-url", "ftp://x", "cql.contact-points", "nohost", "edge.node-id", "has space",
                "edge.idle-timeout", "soon"));
        EdgeConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge.http.port").hasMessageContaining("edge.session-queue")
                .hasMessageContaining("edge.jwks-url").hasMessageContaining("cql.contact-points")
                .hasMessageContaining("edge.node-id").hasMessageContaining("edge.idle-timeout");
    }

    @Test
    void theSecurityKeysReachEveryClientAndTheirSecretsNoMessage() {
        Settings ok = Settings.of(Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "SCRAM-SHA-512",
                "kafka.sasl-username", "edge", "kafka.sasl-password", "kpw-secret", "redis.uri", "rediss://r:6379",
                "redis.password", "rpw-secret", "cql.username", "parley", "cql.password", "cpw-secret",
                "cql.tls", "true"));
        EdgeConfig c = EdgeConfig.from(ok);
        ok.validate();
        assertThat(dev.parley.edge.internal.kafka.KafkaCommandSink.producerProps(c))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("acks", "all");
        assertThat(c.redis().redisUri().isSsl()).isTrue();
        assertThat(c.cql().tls()).isTrue();
        assertThat(c.toString()).doesNotContain("kpw-secret", "rpw-secret", "cpw-secret");

        Settings bad = Settings.of(Map.of("kafka.sasl-mechanism", "SCRAM-SHA-512", "kafka.sasl-password", "kpw-secret",
                "redis.uri", "redis://:inuri@r:6379", "redis.password", "rpw-secret", "cql.password", "cpw-secret"));
        EdgeConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.sasl-mechanism SCRAM-SHA-512 needs kafka.security-protocol SASL_SSL")
                .hasMessageContaining("redis.password").hasMessageContaining("cql.username and cql.password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("kpw-secret", "rpw-secret", "cpw-secret"));
    }

    @Test
    void theWebClientsAuthUrlDefaultsToTheOriginOfTheJwksUrlAndIsAnHttpUrl() {
        Settings derived = Settings.of(Map.of("edge.jwks-url", "https://auth.internal:8443/.well-known/jwks.json"));
        EdgeConfig c = EdgeConfig.from(derived);
        derived.validate();
        assertThat(c.webAuthUrl()).hasToString("https://auth.internal:8443");

        Settings set = Settings.of(Map.of("edge.jwks-url", "http://auth:8081/.well-known/jwks.json",
                "edge.web.auth-url", "https://chat.example.com/auth"));
        assertThat(EdgeConfig.from(set).webAuthUrl()).hasToString("https://chat.example.com/auth");
        set.validate();

        for (String bad : new String[] {"ftp://auth.example.com", "auth.example.com:8081", "http://",
                "https://auth.example.com/?x=1", "http://a b"}) {
            Settings s = Settings.of(Map.of("edge.web.auth-url", bad));
            EdgeConfig.from(s);
            assertThatThrownBy(s::validate).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("edge.web.auth-url").hasMessageNotContaining("edge.jwks-url");
        }
    }

    @Test
    void theSharedKeysAreCheckedAsInEveryServiceAndDocumentedWithTheirDeclaredDefaults() throws Exception {
        Settings bad = Settings.of(Map.of("redis.uri", "http://x", "cql.keyspace", "bad-name",
                "cql.contact-points", "a:1,b:99999"));
        EdgeConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("redis.uri").hasMessageContaining("cql.keyspace")
                .hasMessageContaining("'b:99999' is not host:port");
        String doc = Files.readString(Path.of("CONFIG.md"));
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(SharedKeys.KAFKA_BOOTSTRAP_SERVERS,
                SharedKeys.CQL_CONTACT_POINTS, SharedKeys.CQL_LOCAL_DATACENTER, SharedKeys.CQL_KEYSPACE));
        keys.addAll(KafkaClientSecurity.KEYS);
        keys.addAll(CqlConnection.KEYS);
        keys.addAll(RedisConnection.KEYS);
        keys.addAll(ObserveConfig.ALL);
        for (ConfigKey<?> k : keys) {
            assertThat(doc).contains(k.docRow());
        }
    }
}
