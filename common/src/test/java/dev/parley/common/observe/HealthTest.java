package dev.parley.common.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void readyOnlyWhenEveryCheckIsUpAndReadinessIncludesLiveness() {
        AtomicBoolean kafka = new AtomicBoolean(true);
        AtomicBoolean alive = new AtomicBoolean(true);
        Health health = new Health()
                .live("worker", () -> alive.get() ? HealthCheck.Result.up("running") : HealthCheck.Result.down("stopped"))
                .ready("kafka", () -> kafka.get() ? HealthCheck.Result.up("ok") : HealthCheck.Result.down("timeout"));
        assertThat(health.ready().up()).isTrue();
        kafka.set(false);
        assertThat(health.ready().up()).isFalse();
        assertThat(health.live().up()).isTrue();
        kafka.set(true);
        alive.set(false);
        assertThat(health.ready().up()).isFalse();
        assertThat(Json.write(health.ready().json()))
                .contains("\"status\":\"DOWN\"").contains("\"name\":\"worker\"").contains("\"detail\":\"stopped\"");
    }

    @Test
    void aCheckThatThrowsIsDownNotAnError() {
        Health health = new Health().ready("broken", () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(health.ready().up()).isFalse();
        assertThat(health.ready().checks().get("broken").detail()).contains("boom");
    }

    @Test
    void aCachedProbeAsksItsDependencyOncePerTtl() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean fail = new AtomicBoolean(false);
        Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        HealthCheck check = HealthCheck.cached(() -> {
            calls.incrementAndGet();
            if (fail.get()) {
                throw new java.io.IOException("connection refused");
            }
            return "PONG";
        }, Duration.ofSeconds(2), clock);
        assertThat(check.check()).isEqualTo(HealthCheck.Result.up("PONG"));
        fail.set(true);
        assertThat(check.check().up()).isTrue();
        assertThat(calls).hasValue(1);
        now[0] = now[0].plusSeconds(2);
        assertThat(check.check()).isEqualTo(HealthCheck.Result.down("connection refused"));
        assertThat(calls).hasValue(2);
    }
}
