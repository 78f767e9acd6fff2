package dev.parley.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.Delay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisClientsTest {

    @Test
    void reconnectAttemptsStayAtMostASecondApartHoweverLongTheOutage() {
        Delay delay = RedisClients.reconnectDelay();
        for (int attempt = 1; attempt <= 100; attempt++) {
            Duration d = delay.createDelay(attempt);
            assertThat(d).isLessThanOrEqualTo(RedisClients.RECONNECT_MAX).isPositive();
        }
        assertThat(delay.createDelay(1)).isLessThan(Duration.ofMillis(200));
    }
}
