package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.Observability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main}'s observe wiring on the in-process observe server, with a streams client that is
 * created but not started and a Kafka nobody answers at: live, not ready (and why), metrics served.
 */
class MainObserveTest {
    @TempDir
    Path stateDir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(Observability obs, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + obs.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveButNotReadyUntilRunningAndKafkaAnswers() throws Exception {
        Settings s = Settings.of(Map.of(TopologyConfig.STATE_DIR, stateDir.toString(),
                "kafka.bootstrap-servers", "127.0.0.1:1"));
        TopologyConfig config = TopologyConfig.from(s);
        s.validate();
        try (Observability obs = Observability.inMemory("topology")) {
            KafkaStreams streams = Main.create(config, (now, before) -> { }, obs);
            try (AutoCloseable watching = Main.watch(streams, config, obs)) {
                assertThat(obs.serve()).isEqualTo("observe=127.0.0.1:" + obs.port());

                HttpResponse<String> live = get(obs, "/health/live");
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.body()).contains("streams-alive").contains("CREATED").doesNotContain("\"kafka\"");

                HttpResponse<String> ready = get(obs, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"status\":\"DOWN\"")
                        .contains("\"name\":\"streams\"").contains("\"detail\":\"CREATED\"")
                        .contains("\"name\":\"kafka\"");
                // One report: each probe of the unreachable Kafka takes its whole 2.5 s timeout.
                var checks = obs.health().ready().checks();
                assertThat(checks).containsOnlyKeys("kafka", "streams", "warm", "streams-alive");
                assertThat(checks.get("streams")).isEqualTo(HealthCheck.Result.down("CREATED"));
                assertThat(checks.get("warm")).as("the JIT is measured only once RUNNING")
                        .isEqualTo(HealthCheck.Result.down("not serving yet"));
                assertThat(checks.get("kafka").up()).isFalse();
                assertThat(checks.get("streams-alive")).isEqualTo(HealthCheck.Result.up("CREATED"));

                HttpResponse<String> metrics = get(obs, "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("kafka_stream_client_state{")
                        .contains("parley_topology_restore_remaining{");
            } finally {
                streams.close();
            }
        }
    }
}
