package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.Observability;
import dev.parley.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checks {@link Main#healthChecks} wires, served on the observe port as in the service. */
class HealthChecksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final AtomicInteger databaseProbes = new AtomicInteger();
    private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
    private final AtomicBoolean relayAlive = new AtomicBoolean(true);
    private final Observability obs = Observability.inMemory("auth");
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    HealthChecksTest() {
        Main.healthChecks(obs.health(), () -> {
            databaseProbes.incrementAndGet();
            return databaseUp.get();
        }, () -> kafkaUp.get() ? HealthCheck.Result.up("cluster x") : HealthCheck.Result.down("timed out"),
                relayAlive::get, clock);
        String served = obs.serve();
        assertThat(served).matches("observe=127\\.0\\.0\\.1:\\d+");
        base = "http://" + served.substring("observe=".length());
    }

    @AfterEach
    void close() {
        obs.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyWhileDatabaseAndKafkaAnswer() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"name\":\"postgresql\"").contains("\"name\":\"kafka\"")
                .contains("\"name\":\"outbox-relay\"");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("service=\"auth\"");
    }

    @Test
    void theDatabaseIsProbedAtMostEveryTwoSecondsAndReadinessFollowsIt() throws Exception {
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        databaseUp.set(false);
        assertThat(get("/health/ready").statusCode()).as("the answer is kept 2 s").isEqualTo(200);
        assertThat(databaseProbes.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> down = get("/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"");
        assertThat(databaseProbes.get()).isEqualTo(2);
        assertThat(get("/health/live").statusCode()).as("a database outage is no reason to restart").isEqualTo(200);
        databaseUp.set(true);
        clock.advance(Duration.ofSeconds(2));
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void kafkaDownIsNotReady() throws Exception {
        kafkaUp.set(false);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedRelayIsNotLive() throws Exception {
        relayAlive.set(false);
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.body()).contains("the outbox relay has stopped");
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }
}
