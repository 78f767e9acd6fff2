package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.observe.Observability;
import dev.parley.topology.internal.Scrape;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Streams client metrics as Prometheus sees them: a client created exactly as {@link Main}
 * creates it (never started, so no broker is needed; its clients only fail to connect) and bound
 * with {@link KafkaStreamsMetrics}. The names asserted are the ones the dashboard and the docs use.
 * Per-partition metrics ({@code records_lag} by partition, task and store metrics) appear only once
 * tasks are assigned, which takes a broker.
 */
class KafkaStreamsMetricsTest {
    @TempDir
    Path stateDir;

    @Test
    void commitLatencyLagStateAndRestoreProgressAreExported() {
        Settings s = Settings.of(Map.of(TopologyConfig.STATE_DIR, stateDir.toString(),
                "kafka.bootstrap-servers", "127.0.0.1:1"));
        TopologyConfig config = TopologyConfig.from(s);
        s.validate();
        try (Observability obs = Observability.inMemory("topology")) {
            KafkaStreams streams = Main.create(config, (now, before) -> { }, obs);
            try (KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams)) {
                metrics.bindTo(obs.meters());
                String scrape = obs.meters().scrape();
                assertThat(Scrape.names(scrape)).contains(
                        "kafka_stream_thread_commit_latency_avg", "kafka_stream_thread_commit_latency_max",
                        "kafka_stream_thread_commit_total", "kafka_stream_thread_process_rate",
                        "kafka_stream_thread_process_total", "kafka_consumer_fetch_manager_records_lag_max",
                        "kafka_stream_client_state", "kafka_stream_alive_stream_threads",
                        "parley_topology_restore_remaining");
                assertThat(Scrape.value(scrape, "kafka_stream_client_state", "application_id", "parley-topology",
                        "service", "topology")).isZero(); // CREATED
                assertThat(Scrape.value(scrape, "parley_topology_restore_remaining", "service", "topology")).isZero();
            } finally {
                streams.close();
            }
        }
    }
}
