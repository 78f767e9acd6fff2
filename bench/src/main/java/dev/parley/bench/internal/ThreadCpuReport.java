package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pairs report's "by thread" section: CPU µs per message of each service's busiest thread
 * families, its JIT compilers and its collector, per load step ({@link ThreadCpu}; results of runs
 * before it have no {@code cpu_ms_by_thread} and get no section).
 */
final class ThreadCpuReport {
    /** The processes shown, in order: Parley's services, then the broker, which every message crosses twice. */
    static final List<String> PARTS = List.of("edge", "topology", "sinks", "kafka");
    /** Application families shown per process: the busiest at the busiest step, the rest summed. */
    static final int FAMILIES = 4;

    private ThreadCpuReport() {
    }

    static void append(StringBuilder md, JsonNode r) {
        List<JsonNode> steps = new ArrayList<>();
        r.path("steps").forEach(s -> {
            if (s.path("offered").asLong() > 0 && s.has("cpu_ms_by_thread")) {
                steps.add(s);
            }
        });
        if (steps.isEmpty()) {
            return;
        }
        md.append("\n## CPU µs per message, by thread\n\nFrom each thread's own counters (`/proc/<pid>/task`), which"
                + " also see what a JFR recording cannot: the JIT compilers and the collector. A family is a thread name"
                + " with its numbers and client id left out (a topology's stream threads are one family).\n\n"
                + "Parley's services, of their CPU ms per message, the JIT compilers':");
        steps.forEach(s -> md.append(String.format(Locale.ROOT, " %s: %.3f of %.3f;", s.path("step").asText(),
                s.path("parley_services_jit_cpu_ms_per_message").asDouble(),
                s.path("parley_services_cpu_ms_per_message").asDouble())));
        md.append("\n\n| process | thread family");
        steps.forEach(s -> md.append(" | ").append(s.path("step").asText()));
        md.append(" |\n|---|---");
        steps.forEach(s -> md.append("|---"));
        md.append("|\n");
        JsonNode busiest = steps.stream().max(Comparator.comparingDouble(s -> s.path("all_cores").asDouble())).orElseThrow();
        for (String part : PARTS) {
            for (Map.Entry<String, List<String>> row : rows(part, busiest).entrySet()) {
                md.append("| ").append(part).append(" | ").append(row.getKey());
                for (JsonNode s : steps) {
                    double ms = 0;
                    for (String family : row.getValue()) {
                        ms += s.path("cpu_ms_by_thread").path(part).path(family).asDouble();
                    }
                    md.append(String.format(Locale.ROOT, " | %.0f", 1000 * ms / Math.max(1, s.path("messages_written").asLong())));
                }
                md.append(" |\n");
            }
        }
    }

    /**
     * The rows of one process: its busiest application families at {@code busiest}, one each; the
     * rest of them as one row; then the JIT compilers and the collector, each a row of its families.
     */
    static Map<String, List<String>> rows(String part, JsonNode busiest) {
        List<String> application = new ArrayList<>();
        Map<ThreadCpu.Kind, List<String>> jvm = new LinkedHashMap<>();
        busiest.path("cpu_ms_by_thread").path(part).fieldNames().forEachRemaining(f -> {
            ThreadCpu.Kind kind = ThreadCpu.kind(f);
            if (kind == ThreadCpu.Kind.APPLICATION) {
                application.add(f);
            } else {
                jvm.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
            }
        });
        JsonNode ms = busiest.path("cpu_ms_by_thread").path(part);
        application.sort(Comparator.comparingDouble((String f) -> ms.path(f).asDouble()).reversed());
        Map<String, List<String>> rows = new LinkedHashMap<>();
        application.stream().limit(FAMILIES).forEach(f -> rows.put("`" + f + "`", List.of(f)));
        if (application.size() > FAMILIES) {
            rows.put("the other " + (application.size() - FAMILIES), application.subList(FAMILIES, application.size()));
        }
        for (ThreadCpu.Kind kind : List.of(ThreadCpu.Kind.JIT, ThreadCpu.Kind.GC)) {
            if (jvm.containsKey(kind)) {
                rows.put(kind.label(null), jvm.get(kind));
            }
        }
        return rows;
    }
}
