package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.observe.Health;
import dev.parley.common.observe.HealthCheck;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node's readiness as {@link Main} wires it: every dependency up and not draining. */
class EdgeReadinessTest {
    private final EdgeHarness edge = new EdgeHarness();

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void readyWhileEveryDependencyAnswersAndUntilTheDrainBegins() {
        AtomicBoolean kafkaUp = new AtomicBoolean(true);
        HealthCheck up = () -> HealthCheck.Result.up("ok");
        Health health = Main.readiness(new Health(), edge.services,
                () -> kafkaUp.get() ? HealthCheck.Result.up("cluster x") : HealthCheck.Result.down("timed out"), up, up);
        Health.Report ready = health.ready();
        assertThat(ready.up()).isTrue();
        assertThat(ready.checks()).containsOnlyKeys("kafka", "cql", "redis", "draining");

        kafkaUp.set(false);
        assertThat(health.ready().up()).isFalse();
        assertThat(health.ready().checks().get("kafka").up()).isFalse();
        kafkaUp.set(true);
        assertThat(health.ready().up()).isTrue();

        edge.services.drain();
        Health.Report draining = health.ready();
        assertThat(draining.up()).isFalse();
        assertThat(draining.checks().get("draining").up()).isFalse();
        assertThat(draining.checks().get("kafka").up()).isTrue();
        assertThat(health.live().up()).as("draining is no reason to restart").isTrue();
    }
}
