package dev.parley.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisConnectionTest {
    private static final String TOKEN = "elasti\"cache-token";

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Test
    void withoutAPasswordTheUriIsUsedAsWritten() {
        Settings s = Settings.of(Map.of());
        RedisConnection c = RedisConnection.from(s);
        s.validate();
        assertThat(c).isEqualTo(RedisConnection.of("redis://127.0.0.1:16379"));
        RedisURI uri = c.redisUri();
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.isSsl()).isFalse();
        assertThat(credentials(uri).hasPassword()).isFalse();
    }

    @Test
    void aPasswordAuthenticatesEveryConnectionOverTls() {
        Settings s = Settings.of(Map.of("redis.uri", "rediss://master.cache.amazonaws.com:6379",
                "redis.password", TOKEN));
        RedisConnection c = RedisConnection.from(s);
        s.validate();
        RedisURI uri = c.redisUri();
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.isVerifyPeer()).isTrue();
        assertThat(new String(credentials(uri).getPassword())).isEqualTo(TOKEN);
        assertThat(credentials(uri).hasUsername()).isFalse();
        // Each call is a fresh URI: a caller's timeout does not leak into another's.
        assertThat(c.redisUri()).isNotSameAs(uri);
    }

    @Test
    void aPasswordWrittenInTheUriStillWorksAlone() {
        RedisConnection c = RedisConnection.of("redis://:inuri@h:6379");
        assertThat(new String(credentials(c.redisUri()).getPassword())).isEqualTo("inuri");
        assertThat(c.toString()).doesNotContain("inuri").contains("redis://***@h:6379");
    }

    @Test
    void aPasswordGivenBothWaysIsRefusedAsAmbiguousWithoutShowingIt() {
        Settings s = Settings.of(Map.of("redis.uri", "redis://:inuri@h:6379", "redis.password", TOKEN));
        RedisConnection.from(s);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("redis.uri has credentials and redis.password is set too")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThatThrownBy(() -> new RedisConnection("redis://u:p@h", TOKEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePasswordIsNotInToString() {
        assertThat(new RedisConnection("rediss://h:6379", TOKEN).toString()).doesNotContain(TOKEN)
                .contains("rediss://h:6379").contains("password=***");
    }
}
