package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectStormTest {
    private static CostMeter.Snapshot delta(long nanos, Map<String, Double> cpuMs, Map<String, Long> reads) {
        return new CostMeter.Snapshot(nanos, cpuMs, Map.of(), Map.of(), reads, Map.of(), Map.of());
    }

    @Test
    void costsAreCountedPerConnect() {
        ConnectStorm storm = new ConnectStorm(1000,
                delta(5_000_000_000L, Map.of("edge", 4000.0, "cassandra", 1500.0), Map.of("parley.read_state", 1000L)),
                delta(60_000_000_000L, Map.of("edge", 9000.0), Map.of("parley.read_state", 2000L, "parley.user_conversations", 2000L)));
        JsonNode o = storm.summarise();
        assertThat(o.path("connects_per_second").asDouble()).isEqualTo(200.0);
        assertThat(o.path("cpu_ms_per_connect").path("edge").asDouble()).isEqualTo(4.0);
        assertThat(o.path("cpu_ms_per_connect").path("cassandra").asDouble()).isEqualTo(1.5);
        assertThat(o.path("cql_reads_per_connect_while_connecting").path("parley.read_state").asDouble()).isEqualTo(1.0);
        assertThat(o.path("cql_reads_per_connect_in_warm_up").path("parley.user_conversations").asDouble()).isEqualTo(2.0);
    }

    @Test
    void theReportSaysWhatAConnectCost() {
        ConnectStorm storm = new ConnectStorm(500, delta(2_000_000_000L, Map.of("edge", 1000.0), Map.of()),
                delta(1_000_000_000L, Map.of(), Map.of("parley.read_state", 1500L)));
        var r = dev.parley.common.json.Json.mapper().createObjectNode().put("profile", "pairs");
        r.putObject("config").put("warmUpRate", 100);
        r.putArray("steps");
        var cs = r.putObject("cold_start");
        cs.putObject("cpu_cores");
        cs.set("connect_storm", storm.summarise());
        assertThat(PairsReport.render(r)).contains("The connect storm: 500 clients in 2.0 s (250 a second). CPU ms per connect: "
                + "edge 2.00. CQL reads per connect while connecting: none; in the warm-up after it: parley.read_state 3.00.");
    }
}
