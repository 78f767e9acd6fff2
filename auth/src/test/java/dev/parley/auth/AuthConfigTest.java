package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuthConfigTest {
    @Test
    void defaultsMatchTheLocalStack() {
        AuthConfig c = AuthConfig.load(Settings.of(Map.of()));
        assertThat(c.http().port()).isEqualTo(8081);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.db().url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/parley");
        assertThat(c.redisUri()).isEqualTo("redis://127.0.0.1:16379");
        assertThat(c.kafkaBootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.loginLimit().attempts()).isEqualTo(10);
        assertThat(c.loginLimit().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.outbox().pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.db().toString()).doesNotContain("parley@").doesNotContain("password");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Settings s = Settings.of(Map.of("auth.http.port", "99999", "auth.access-token-ttl", "soon",
                "auth.login-limit.store", "disk", "db.url", "jdbc:mysql://x", "auth.refresh-token-ttl", "0s"));
        assertThatThrownBy(() -> AuthConfig.load(s)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.http.port").hasMessageContaining("auth.access-token-ttl")
                .hasMessageContaining("auth.login-limit.store").hasMessageContaining("db.url")
                .hasMessageContaining("auth.refresh-token-ttl");
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
    }
}
