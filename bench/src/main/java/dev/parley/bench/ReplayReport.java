package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** replay-latest.md: the replay profile's numbers as a table a person reads. */
final class ReplayReport {
    private ReplayReport() {
    }

    /** {@code replay-latest.md}. */
    public static String render(JsonNode r) {
        JsonNode c = r.path("config");
        JsonNode raw = r.path("raw");
        JsonNode m = r.path("machine");
        StringBuilder md = new StringBuilder("# Parley bench: replay profile\n\n");
        md.append(String.format(Locale.ROOT, "%d messages (%d conversations, %d-byte bodies) produced to `parley.messages.v1`, "
                + "then, on the same Kafka and Cassandra: raw inserts of the same rows into `bench_raw.messages` (%d in flight, "
                + "LOCAL_QUORUM, idempotent, as the sinks' driver), `Rebuild.run` into the fresh keyspace `bench_rebuild` "
                + "(the sinks' history writer, %d records a poll), raw inserts again. Rebuild rate = messages / the rebuild's "
                + "own `took` (connecting and joining its group included); ratio = rebuild rate / the better raw mean. "
                + "%d cores, %s.%n%n", c.path("messages").asInt(), c.path("conversations").asInt(), c.path("bodyBytes").asInt(),
                r.path("max_in_flight").asInt(), r.path("max_poll_records").asInt(), m.path("cores").asInt(), m.path("cpu").asText()));
        md.append("| | msgs/s |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| messages | %d |%n", c.path("messages").asInt()));
        md.append(row("raw single-row (run 1 / run 2)", raw.path("single_row")));
        md.append(row("raw batched, " + raw.path("batched").path("statements").asInt() + " single-partition batches",
                raw.path("batched")));
        JsonNode rb = r.path("phases").path("rebuild");
        md.append(String.format(Locale.ROOT, "| rebuild | **%.0f** (%.1f s; %.0f from its first poll on) |%n",
                rb.path("msgs_per_s").asDouble(), rb.path("seconds").asDouble(), rb.path("after_first_poll_msgs_per_s").asDouble()));
        md.append(String.format(Locale.ROOT, "| ratio (rebuild / raw %s) | **%.2f** |%n| target | %.1f |%n| met | %s |%n",
                r.path("raw_best_variant").asText().replace('_', '-'), r.path("ratio").asDouble(),
                r.path("target").asDouble(), r.path("target_met").asBoolean() ? "yes" : "**no**"));
        md.append(String.format(Locale.ROOT, "| ratio (rebuild / raw single-row) | **%.2f** (%s the target) |%n",
                r.path("ratio_single_row").asDouble(), r.path("ratio_single_row").asDouble() >= r.path("target").asDouble()
                        ? "meets" : "below"));
        md.append("\nCPU ms per message, by process (the bench's JVM runs the rebuild and the raw loops):\n\n| phase | msgs/s |");
        Iterable<String> procs = () -> rb.path("cpu_ms_per_message").fieldNames();
        procs.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(rb.path("cpu_ms_per_message").size())).append('\n');
        r.path("phases").properties().forEach(e -> {
            md.append(String.format(Locale.ROOT, "| %s | %.0f |", e.getKey(), e.getValue().path("msgs_per_s").asDouble()));
            procs.forEach(p -> md.append(String.format(Locale.ROOT, " %.3f |", e.getValue().path("cpu_ms_per_message").path(p).asDouble())));
            md.append('\n');
        });
        md.append(String.format(Locale.ROOT, "%nRows in `bench_rebuild.messages` afterwards: %d. Load average before the start: %s.%n",
                r.path("rebuild_rows_stored").asLong(), m.path("load_average_before_start").asText()));
        return md.toString();
    }

    private static String row(String name, JsonNode v) {
        return String.format(Locale.ROOT, "| %s | **%.0f** (%.0f / %.0f) |%n", name, v.path("mean").asDouble(),
                v.path("run_1").asDouble(), v.path("run_2").asDouble());
    }
}
