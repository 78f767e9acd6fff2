package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSentinelTest {

    @Test
    void theConfigurationWatchesTheGivenPrimaryWithItsQuorumAndDelay() {
        var c = new RedisSentinel.Config(Path.of("/d"), 16381, "redis-sentinel-1", "parley", 16379, 2,
                Duration.ofMillis(1500), "");
        assertThat(RedisSentinel.configFile(c, Path.of("/d")).lines()).contains(
                "port 16381",
                "bind 127.0.0.1",
                "dir \"/d\"",
                "sentinel monitor parley 127.0.0.1 16379 2",
                "sentinel down-after-milliseconds parley 1500",
                "sentinel failover-timeout parley 10000",
                "sentinel parallel-syncs parley 1").noneMatch(l -> l.contains("auth-pass"));
    }

    @Test
    void aPasswordIsGivenToTheSentinelButNeverShown() {
        var c = new RedisSentinel.Config(Path.of("/d"), 1, "s", "parley", 2, 1, Duration.ofSeconds(1), "secret");
        assertThat(RedisSentinel.configFile(c, Path.of("/d"))).contains("sentinel auth-pass parley secret");
        assertThat(c.toString()).doesNotContain("secret").contains("password=***");
    }
}
