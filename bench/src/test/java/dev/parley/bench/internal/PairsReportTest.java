package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import org.junit.jupiter.api.Test;

class PairsReportTest {
    @Test
    void costsAreShownPerMessageAndIdleCostsInAll() {
        JsonNode r = Json.readTree("""
                {"profile":"pairs","violations":0,"messages_sent":3000,
                 "config":{"count":500,"bodyChars":60,"step":30.0,"warmUp":30.0,"warmUpRate":400},
                 "steps":[
                  {"step":"idle","offered":0,"all_cores":0.5,"cpu_cores":{"kafka":0.3,"edge":0.2},
                   "kafka_offsets":{"__consumer_offsets":40},"kafka_offsets_per_message":0,
                   "kafka_requests":{"Fetch":90},"kafka_requests_per_message":0,"cql_writes":{},"cql_writes_per_message":0},
                  {"step":"rate-100","offered":3000,"messages_written":3000,"offered_per_second":100,"done_per_second":100,"completed_fraction":1,
                   "ack_p50_ms":20,"ack_p99_ms":40,"delivery_p50_ms":21,"delivery_p99_ms":45,"sustained":true,
                   "all_cores":0.9,"cpu_cores":{"kafka":0.5,"edge":0.4},"parley_services_cpu_ms_per_message":0.25,
                   "kafka_offsets":{"__consumer_offsets":6000,"parley.messages.v1":3000},"kafka_offsets_per_message":3,
                   "kafka_requests":{"EndTxn":300,"Produce":1200},"kafka_requests_per_message":0.5,
                   "cql_writes":{"parley.messages":3000},"cql_writes_per_message":1}]}
                """);
        String md = PairsReport.render(r);
        assertThat(md).contains("| 100 | 100 | 20 / 40 | 21 / 45 | yes | 0 | 0 / 0 |");
        assertThat(md).contains("| kafka | 30 | 50 |").contains("| all | 50 | 90 |");
        assertThat(md).contains("| __consumer_offsets | 40 in all | 2.00 |").contains("| parley.messages.v1 | 0 in all | 1.00 |");
        assertThat(md).contains("| **per message** | **0.00** | **3.00** |");
        assertThat(md).contains("rate-100: 0.250;");
        assertThat(md).contains("| Fetch | 90 in all | 0.00 |").contains("| EndTxn | 0 in all | 0.10 |")
                .contains("| **per message** | **0.00** | **0.50** |");
    }

    @Test
    void warmingStepsAreMarkedApartFromTheMeasuredRate() {
        JsonNode r = Json.readTree("""
                {"profile":"pairs","config":{"warmRates":[3200]},"steps":[
                  {"step":"warm-up","offered":6000,"offered_per_second":200,"done_per_second":200,
                   "ack_p50_ms":90,"ack_p99_ms":900,"delivery_p50_ms":91,"delivery_p99_ms":901,"sustained":false},
                  {"step":"warming-3200","offered":96000,"offered_per_second":3200,"done_per_second":3100,
                   "ack_p50_ms":900,"ack_p99_ms":2000,"delivery_p50_ms":901,"delivery_p99_ms":2001,"sustained":false},
                  {"step":"rate-3200","offered":96000,"offered_per_second":3200,"done_per_second":3200,
                   "ack_p50_ms":20,"ack_p99_ms":100,"delivery_p50_ms":21,"delivery_p99_ms":101,"sustained":true}]}
                """);
        String md = PairsReport.render(r);
        assertThat(md).contains("warmed by a step at each of [3200] msgs/s")
                .contains("| 3200 (warming the stack, before the idle step) | 3100 | 900 / 2000 | 901 / 2001 | no |")
                .contains("| 3200 | 3200 | 20 / 100 | 21 / 101 | yes |").contains("| 200 | 200 | 90 / 900 |");
    }

    @Test
    void theEdgesOwnAckTimingIsShownForTheStepsThatHaveIt() {
        JsonNode r = Json.readTree("""
                {"profile":"pairs","config":{},"steps":[
                  {"step":"rate-800","offered":24000,"offered_per_second":800,"done_per_second":800,
                   "ack_p50_ms":20,"ack_p99_ms":60,"delivery_p50_ms":20,"delivery_p99_ms":60,"sustained":true},
                  {"step":"rate-12800","offered":384000,"offered_per_second":12800,"done_per_second":3000,
                   "ack_p50_ms":4000,"ack_p99_ms":12000,"delivery_p50_ms":4000,"delivery_p99_ms":12000,"sustained":false,
                   "admitted_ack_p50_ms":480,"admitted_ack_p99_ms":1900,"ping_rtt_p50_ms":90,"ping_rtt_p99_ms":700,
                   "edge_acks":{"acks":90000,"within_ms":{"100":0.1,"250":0.3,"500":0.7,"1000":0.995,"2500":1.0}}}]}
                """);
        String md = PairsReport.render(r);
        assertThat(md).contains("| rate-12800 | 480 / 1900 | 90 / 700 | 90000 | 10.00 % | 30.00 % | 70.00 % | 99.50 % | 100.00 % |")
                .doesNotContain("| rate-800 | 0 |");
    }

    @Test
    void whereTheSendsWaitedInTheClientsIsShownForTheStepsWithRefusals() {
        JsonNode r = Json.readTree("""
                {"profile":"pairs","config":{},"steps":[
                  {"step":"rate-800","offered":24000,"offered_per_second":800,"done_per_second":800,"refusals":0,
                   "ack_p50_ms":20,"ack_p99_ms":60,"delivery_p50_ms":20,"delivery_p99_ms":60,"sustained":true,
                   "first_attempt_p50_ms":0.2,"first_attempt_p99_ms":3},
                  {"step":"rate-12800","offered":384000,"offered_per_second":12800,"done_per_second":3000,"refusals":100000,
                   "ack_p50_ms":3100,"ack_p99_ms":3600,"delivery_p50_ms":3100,"delivery_p99_ms":3600,"sustained":false,
                   "handed_over_p50_ms":1,"handed_over_p99_ms":260,"first_attempt_p50_ms":2600,"first_attempt_p99_ms":3100,
                   "before_admitted_p50_ms":2700,"before_admitted_p99_ms":3200,"client_sweep_p50_ms":12,
                   "client_sweep_p99_ms":320}]}
                """);
        String md = PairsReport.render(r);
        assertThat(md).contains("| rate-12800 | 1 / 260 | 2600 / 3100 | 2700 / 3200 | 12 / 320 |")
                .doesNotContain("| rate-800 | – |").doesNotContain("| rate-800 | 0 / 0 |");
    }

    @Test
    void theColdStartIsShownFromReady() {
        JsonNode r = Json.readTree("""
                {"profile":"pairs","config":{"warmUpRate":100},"steps":[],
                 "cold_start":{"populated_seconds":6.2,"connected_seconds":11.5,"warm_up_start_seconds":11.6,
                  "warm_up_end_seconds":71.6,"settled_at_second":-1,"target_from_second":30,
                  "delivery_p50_ms_from_target":80,"delivery_p99_ms_from_target":900,
                  "cpu_cores":{"until_connected":{"edge":0.5},"warm_up_first_30s":{"edge":0.4,"kafka":0.6},
                   "warm_up_after_30s":{"edge":0.2,"kafka":0.5}}}}
                """);
        String md = PairsReport.render(r);
        assertThat(md).contains("every client connected by 11.5 s").contains("at 100 msgs/s from 11.6 s to 71.6 s")
                .contains("still over at the warm-up's end").contains("From second 30 to the warm-up's end: delivery p50 / p99 80 / 900 ms")
                .contains("| edge | 0.50 | 0.40 | 0.20 |").contains("| kafka | 0.00 | 0.60 | 0.50 |");
    }

    @Test
    void aRunWithoutBrokerRequestsSaysSo() {
        JsonNode r = Json.readTree("""
                {"profile":"pairs","config":{},"steps":[{"step":"idle","offered":0,"cpu_cores":{},"kafka_offsets":{}}]}
                """);
        assertThat(PairsReport.render(r)).contains("Not read in this run");
    }

    @Test
    void aProcessesCpuTimeIsReadFromProc() {
        long before = CostMeter.ticks(ProcessHandle.current().pid());
        long spin = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) {
            x += Math.sqrt(x + 1);
        }
        assertThat(x).isPositive();
        assertThat(CostMeter.ticks(ProcessHandle.current().pid())).isGreaterThan(before);
        assertThat(CostMeter.ticks(-1)).isZero();
    }
}
