package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.io.PrintStream;
import java.util.Set;

/** A pairs step's costs in the results: CPU by process and thread, Kafka offsets and requests, CQL reads and writes. */
public final class StepCosts {
    private static final Set<String> PARLEY_SERVICES = Set.of("edge", "topology", "sinks");

    private StepCosts() {
    }

    /**
     * Costs are per message <em>written</em> in the step (the history writer's rows of
     * {@code parley.messages}): equal to the offered count while the stack keeps up, and still
     * meaningful past the knee, where a step also works off earlier backlog.
     */
    public static ObjectNode of(PrintStream log, String name, int rate, long offered, LoadPhases.Step s, CostMeter.Snapshot d) {
        long written = d.cqlWrites().getOrDefault("parley.messages", 0L);
        long messages = offered == 0 ? 0 : Math.max(written, 1);
        ObjectNode o = Json.mapper().createObjectNode().put("step", name).put("offered_per_second", rate)
                .put("offered", offered).put("messages_written", written).put("seconds", d.nanos() / 1e9);
        if (s != null) {
            o.put("done_per_second", s.throughputPerSecond()).put("completed_fraction", s.completedFraction())
                    .put("ack_p50_ms", s.ack().p50()).put("ack_p99_ms", s.ack().p99())
                    .put("delivery_p50_ms", s.delivery().p50()).put("delivery_p99_ms", s.delivery().p99())
                    .put("sustained", s.sustained());
        }
        ObjectNode cores = o.putObject("cpu_cores");
        ObjectNode perMessage = o.putObject("cpu_ms_per_message");
        double seconds = d.nanos() / 1e9;
        d.cpuMs().forEach((proc, ms) -> {
            cores.put(proc, ms / 1000 / seconds);
            if (messages > 0) {
                perMessage.put(proc, ms / messages);
            }
        });
        double own = PARLEY_SERVICES.stream().mapToDouble(p -> d.cpuMs().getOrDefault(p, 0.0)).sum();
        o.put("parley_services_cpu_ms_per_message", messages > 0 ? own / messages : 0);
        double jit = ThreadCpu.ms(d.threadCpuMs(), PARLEY_SERVICES, ThreadCpu.Kind.JIT);
        o.put("parley_services_jit_cpu_ms_per_message", messages > 0 ? jit / messages : 0);
        ObjectNode byThread = o.putObject("cpu_ms_by_thread");
        d.threadCpuMs().forEach((part, families) -> families.forEach(byThread.putObject(part)::put));
        o.put("all_cores", d.cpuMs().values().stream().mapToDouble(Double::doubleValue).sum() / 1000 / seconds);
        ObjectNode offsets = o.putObject("kafka_offsets");
        d.offsets().forEach(offsets::put);
        long totalOffsets = d.offsets().values().stream().mapToLong(Long::longValue).sum();
        o.put("kafka_offsets_per_message", messages > 0 ? (double) totalOffsets / messages : 0);
        ObjectNode requests = o.putObject("kafka_requests");
        d.brokerRequests().forEach(requests::put);
        long totalRequests = d.brokerRequests().values().stream().mapToLong(Long::longValue).sum();
        o.put("kafka_requests_per_message", messages > 0 ? (double) totalRequests / messages : 0);
        ObjectNode reads = o.putObject("cql_reads");
        d.cqlReads().forEach(reads::put);
        ObjectNode writes = o.putObject("cql_writes");
        d.cqlWrites().forEach(writes::put);
        long totalWrites = d.cqlWrites().values().stream().mapToLong(Long::longValue).sum();
        o.put("cql_writes_per_message", messages > 0 ? (double) totalWrites / messages : 0);
        log.printf("  %-10s cores %.2f (parley %.3f ms/msg, JIT %.3f of it)  kafka %.1f offsets/msg  broker %.1f requests/msg (%d in all)"
                + "  cql %.2f writes/msg%n", name, o.path("all_cores").asDouble(),
                o.path("parley_services_cpu_ms_per_message").asDouble(), jit / Math.max(1, messages),
                o.path("kafka_offsets_per_message").asDouble(),
                o.path("kafka_requests_per_message").asDouble(), totalRequests, o.path("cql_writes_per_message").asDouble());
        return o;
    }
}
