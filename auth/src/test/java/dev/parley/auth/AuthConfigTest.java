package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.common.redis.RedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuthConfigTest {
    @Test
    void defaultsMatchTheLocalStack() {
        AuthConfig c = validated(Settings.of(Map.of()));
        assertThat(c.http().port()).isEqualTo(8081);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.db().url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/parley");
        assertThat(c.redis()).isEqualTo(RedisConnection.of("redis://127.0.0.1:16379"));
        assertThat(c.kafkaSecurity()).isEqualTo(KafkaClientSecurity.PLAINTEXT);
        assertThat(c.tokens().signingKeys()).isEmpty();
        assertThat(c.kafkaBootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.limits().loginFailuresPerPair()).isEqualTo(10);
        assertThat(c.limits().loginFailuresPerAddress()).isEqualTo(100);
        assertThat(c.limits().loginWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.limits().registrationsPerAddress()).isEqualTo(10);
        assertThat(c.limits().registrationWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.limits().callsPerSecond()).isEqualTo(20);
        assertThat(c.limits().callBurst()).isEqualTo(40);
        assertThat(c.limits().store()).isEqualTo("redis");
        assertThat(c.http().trustedProxies()).isEmpty();
        assertThat(c.http().forwardedHeader()).isEqualTo(AuthConfig.ForwardedHeader.X_FORWARDED_FOR);
        assertThat(c.http().allowedOrigins().patterns()).containsExactly("http://localhost:*", "http://127.0.0.1:*");
        assertThat(c.outbox().pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.db().toString()).doesNotContain("parley@").doesNotContain("password");
        assertThat(c.observe().port()).isEqualTo(9400);
        assertThat(c.observe().host()).isEqualTo("127.0.0.1");
        assertThat(c.observe().otlpEndpoint()).isEmpty();
        assertThat(c.observe().logHops()).isFalse();
    }

    @Test
    void observeKeysAreReadAndCheckedWithTheOthers() {
        AuthConfig c = validated(Settings.of(Map.of("observe.port", "0", "observe.otlp-endpoint",
                "http://127.0.0.1:4318/v1/traces", "observe.trace-ratio", "0.25")));
        assertThat(c.observe().port()).isZero();
        assertThat(c.observe().otlpEndpoint()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(4318));
        assertThat(c.observe().traceRatio()).isEqualTo(0.25);
        Settings bad = Settings.of(Map.of("observe.port", "70000", "observe.trace-ratio", "2", "auth.http.port", "-1"));
        assertThatThrownBy(() -> validated(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("observe.port").hasMessageContaining("observe.trace-ratio")
                .hasMessageContaining("auth.http.port");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Settings s = Settings.of(Map.of("auth.http.port", "99999", "auth.access-token-ttl", "soon",
                "auth.limits.store", "disk", "db.url", "jdbc:mysql://x", "auth.refresh-token-ttl", "0s"));
        assertThatThrownBy(() -> validated(s)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.http.port").hasMessageContaining("auth.access-token-ttl")
                .hasMessageContaining("auth.limits.store").hasMessageContaining("db.url")
                .hasMessageContaining("auth.refresh-token-ttl");
    }

    @Test
    void trustedProxiesAreCidrBlocksValidatedAtStart() {
        AuthConfig c = validated(Settings.of(Map.of("auth.trusted-proxies", "10.0.0.0/8, 192.0.2.7 ,fd00::/8",
                "auth.forwarded-header", "Forwarded")));
        assertThat(c.http().trustedProxies()).hasSize(3);
        assertThat(c.http().trustedProxies().get(1).bits()).isEqualTo(32);
        assertThat(c.http().forwardedHeader()).isEqualTo(AuthConfig.ForwardedHeader.FORWARDED);
        Settings bad = Settings.of(Map.of("auth.trusted-proxies", "10.0.0.0/33,proxy.example.com,1.2.3",
                "auth.forwarded-header", "x-real-ip", "auth.limits.rest-burst", "0", "auth.register-limit.window", "0s"));
        assertThatThrownBy(() -> validated(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("10.0.0.0/33").hasMessageContaining("proxy.example.com")
                .hasMessageContaining("1.2.3").hasMessageContaining("auth.forwarded-header")
                .hasMessageContaining("auth.limits.rest-burst").hasMessageContaining("auth.register-limit.window");
    }

    @Test
    void allowedOriginsArePatternsValidatedAtStart() {
        AuthConfig c = validated(Settings.of(Map.of("auth.allowed-origins",
                " https://chat.example.com ,http://localhost:*")));
        assertThat(c.http().allowedOrigins().allows("https://chat.example.com")).isTrue();
        assertThat(c.http().allowedOrigins().allows("http://127.0.0.1:8080")).isFalse();
        assertThat(validated(Settings.of(Map.of("auth.allowed-origins", ""))).http().allowedOrigins().patterns())
                .as("empty is unset: the default").hasSize(2);
        Settings bad = Settings.of(Map.of("auth.allowed-origins", "https://chat.example.com/,https://*.example.com",
                "auth.http.port", "-1"));
        assertThatThrownBy(() -> validated(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.allowed-origins").hasMessageContaining("'https://chat.example.com/'")
                .hasMessageContaining("'https://*.example.com'").hasMessageContaining("auth.http.port");
    }

    /** As auth's Main reads it: every key, then every problem at once. */
    private static AuthConfig validated(Settings s) {
        AuthConfig c = AuthConfig.from(s);
        s.validate();
        return c;
    }

    @Test
    void everyKeyIsDocumentedInConfigMd() throws Exception {
        String doc = Files.readString(Path.of("CONFIG.md"));
        String source = Files.readString(Path.of("src/main/java/dev/parley/auth/AuthConfig.java"));
        Matcher m = Pattern.compile("\"((?:auth|db|redis|kafka)\\.[a-z0-9.-]+)\"").matcher(source);
        int keys = 0;
        while (m.find()) {
            keys++;
            assertThat(doc).as(m.group(1)).contains("`" + m.group(1) + "`").contains(Settings.envName(m.group(1)));
        }
        assertThat(keys).isGreaterThan(15);
        List<ConfigKey<?>> declared = new ArrayList<>(List.of(SharedKeys.DB_URL, SharedKeys.DB_USER,
                SharedKeys.DB_PASSWORD, SharedKeys.KAFKA_BOOTSTRAP_SERVERS));
        declared.addAll(RedisConnection.KEYS);
        declared.addAll(KafkaClientSecurity.KEYS);
        declared.addAll(ObserveConfig.ALL);
        for (ConfigKey<?> k : declared) {
            assertThat(doc).contains(k.docRow());
        }
    }
}
