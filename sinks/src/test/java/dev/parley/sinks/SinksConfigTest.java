package dev.parley.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.common.redis.RedisConnection;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SinksConfigTest {
    @Test
    void defaultsMatchTheLocalStack() {
        Settings settings = Settings.of(Map.of());
        SinksConfig c = SinksConfig.from(settings);
        settings.validate();

        assertThat(c.kafkaBootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.cqlContactPoints()).containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 19042));
        assertThat(c.cqlLocalDatacenter()).isEqualTo("datacenter1");
        assertThat(c.cqlKeyspace()).isEqualTo("parley");
        assertThat(c.redis()).isEqualTo(RedisConnection.of("redis://127.0.0.1:16379"));
        assertThat(c.kafkaSecurity()).isEqualTo(KafkaClientSecurity.PLAINTEXT);
        assertThat(c.cql()).isEqualTo(CqlConnection.PLAIN);
        assertThat(c.historyGroup()).isEqualTo("parley-sinks-history");
        assertThat(c.routerGroup()).isEqualTo("parley-sinks-router");
        assertThat(c.maxInFlight()).isEqualTo(256);
        assertThat(c.backoffInitial()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aCrashedInstanceHoldsItsPartitionsForSecondsNotKafkasDefault45() {
        Settings settings = Settings.of(Map.of());
        SinksConfig c = SinksConfig.from(settings);
        settings.validate();
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(dev.parley.sinks.internal.kafka.KafkaConsumers.properties(c, "g", "earliest"))
                .containsEntry("session.timeout.ms", 2_000).containsEntry("heartbeat.interval.ms", 666);
        Settings tooShort = Settings.of(Map.of("sinks.session-timeout", "500ms"));
        SinksConfig.from(tooShort);
        assertThatThrownBy(tooShort::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sinks.session-timeout must be between 1s and 5m");
    }

    @Test
    void readinessWaitsForTheJitUpToFortyFiveSecondsByDefaultAndAtMostFiveMinutes() {
        assertThat(SinksConfig.from(Settings.of(Map.of())).warmUpWait()).isEqualTo(Duration.ofSeconds(45));
        Settings off = Settings.of(Map.of(SinksConfig.WARM_UP_WAIT, "0s"));
        assertThat(SinksConfig.from(off).warmUpWait()).isZero();
        off.validate();
        Settings tooLong = Settings.of(Map.of(SinksConfig.WARM_UP_WAIT, "6m"));
        SinksConfig.from(tooLong);
        assertThatThrownBy(tooLong::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sinks.warm-up-wait must be at most 5m");
    }

    @Test
    void theSecurityKeysReachBothConsumersTheDeadLetterProducerAndTheStores() throws Exception {
        java.nio.file.Path ca = java.nio.file.Files.createTempFile("ca", ".pem");
        try {
            Settings s = Settings.of(Map.of("kafka.security-protocol", "SSL", "kafka.tls-truststore", ca.toString(),
                    "redis.password", "tok", "cql.username", "u", "cql.password", "p"));
            SinksConfig c = SinksConfig.from(s);
            s.validate();
            for (Map<String, Object> props : java.util.List.of(
                    dev.parley.sinks.internal.kafka.KafkaConsumers.properties(c, "g", "earliest"),
                    dev.parley.sinks.internal.kafka.DeadLetterProducer.properties(c))) {
                assertThat(props).containsEntry("security.protocol", "SSL").containsEntry("ssl.truststore.type", "PEM")
                        .containsEntry("ssl.truststore.location", ca.toString());
            }
            assertThat(new String(c.redis().redisUri().getCredentialsProvider().resolveCredentials().block()
                    .getPassword())).isEqualTo("tok");
            assertThat(c.cql()).isEqualTo(new CqlConnection("u", "p", false, Optional.empty()));
            assertThat(c.toString()).doesNotContain("=tok").doesNotContain("password=p");
        } finally {
            java.nio.file.Files.delete(ca);
        }
    }

    @Test
    void readsTheObserveKeys() {
        Settings defaults = Settings.of(Map.of());
        assertThat(SinksConfig.from(defaults).observe())
                .isEqualTo(new ObserveConfig("127.0.0.1", 9400, Optional.empty(), 1.0, false));
        defaults.validate();

        Settings settings = Settings.of(Map.of("observe.port", "0", "observe.log-hops", "true",
                "observe.otlp-endpoint", "http://collector:4318/v1/traces"));
        ObserveConfig o = SinksConfig.from(settings).observe();
        settings.validate();
        assertThat(o.port()).isZero();
        assertThat(o.logHops()).isTrue();
        assertThat(o.otlpEndpoint()).hasValueSatisfying(u -> assertThat(u).hasHost("collector"));

        Settings bad = Settings.of(Map.of("observe.port", "70000"));
        SinksConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class).hasMessageContaining("observe.port");
    }

    @Test
    void readsOverrides() {
        Settings settings = Settings.of(Map.of("cql.contact-points", "db1:9042, db2:9043", "sinks.max-in-flight", "32",
                "sinks.backoff.max", "2s"));
        SinksConfig c = SinksConfig.from(settings);
        settings.validate();

        assertThat(c.cqlContactPoints()).containsExactly(InetSocketAddress.createUnresolved("db1", 9042),
                InetSocketAddress.createUnresolved("db2", 9043));
        assertThat(c.maxInFlight()).isEqualTo(32);
        assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Settings settings = Settings.of(Map.of("cql.contact-points", "nohost", "redis.uri", "http://x",
                "sinks.max-in-flight", "0", "sinks.backoff.initial", "10s", "sinks.poll-timeout", "0ms",
                "cql.keyspace", "bad-name"));
        SinksConfig.from(settings);

        assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cql.contact-points")
                .hasMessageContaining("redis.uri")
                .hasMessageContaining("sinks.max-in-flight")
                .hasMessageContaining("sinks.backoff.max must not be shorter")
                .hasMessageContaining("sinks.poll-timeout")
                .hasMessageContaining("cql.keyspace");
    }

    @Test
    void theSharedKeysAreDocumentedWithTheirDeclaredDefaults() throws Exception {
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
