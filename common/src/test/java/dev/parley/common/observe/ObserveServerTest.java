package dev.parley.common.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ObserveServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesHealthWithStatusCodesAndMetricsInPrometheusText() throws Exception {
        AtomicBoolean redis = new AtomicBoolean(true);
        try (Observability obs = Observability.inMemory("unit")) {
            obs.health().ready("redis", () -> redis.get() ? HealthCheck.Result.up("PONG") : HealthCheck.Result.down("refused"));
            obs.meters().counter("parley.unit.things", "kind", "a").increment(3);
            assertThat(obs.serve()).startsWith("observe=127.0.0.1:");

            assertThat(get(obs, "/health/ready").statusCode()).isEqualTo(200);
            redis.set(false);
            HttpResponse<String> down = get(obs, "/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("refused");
            assertThat(get(obs, "/health/live").statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(obs, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("parley_unit_things_total{kind=\"a\",node=\"test\",service=\"unit\"} 3.0")
                    .contains("jvm_memory_used_bytes");
        }
    }

    private HttpResponse<String> get(Observability obs, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + obs.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
