package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The human-readable report of a results document ({@code latest.md}), with the plot beside it. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(JsonNode r, String plotFile) {
        StringBuilder b = new StringBuilder();
        JsonNode m = r.path("machine");
        b.append("# Parley bench: ").append(r.path("profile").asText()).append(" profile\n\n");
        b.append("Run ").append(r.path("started_at").asText()).append(" to ").append(r.path("finished_at").asText())
                .append(" on ").append(m.path("cores").asInt()).append(" cores (").append(m.path("cpu").asText())
                .append("), ").append(m.path("memory_total").asText()).append(", ").append(m.path("java").asText())
                .append(". The whole system ran on this one machine, started by the bench (")
                .append(r.path("stack_start_seconds").asDouble()).append(" s; AOT caches: ")
                .append(r.path("aot_cache").isEmpty() ? "none" : r.path("aot_cache").toString()).append(").\n\n");
        b.append("**Machine:** ").append(m.path("note").asText()).append(" (load average before start: ")
                .append(m.path("load_average_before_start").asText()).append(").\n\n");
        b.append("![latency over time](").append(plotFile).append(")\n\n");
        b.append("## Headline\n\n| figure | value |\n|---|---|\n");
        row(b, "sustained throughput (acked + delivered everywhere, p99 within limit)",
                r.path("throughput_msgs_per_s").asDouble() + " msgs/s (best reached regardless of latency: "
                        + r.path("max_done_msgs_per_s").asDouble() + " msgs/s)");
        row(b, "ack latency at " + r.path("fixed_load_msgs_per_s").asDouble() + " msgs/s", pct(r.path("ack_latency_ms")));
        row(b, "delivery latency at " + r.path("fixed_load_msgs_per_s").asDouble() + " msgs/s", pct(r.path("delivery_latency_ms")));
        JsonNode raw = r.path("raw_limits");
        row(b, "raw limits (" + raw.path("record_bytes").asInt() + "-byte records)", "Kafka produce+consume "
                + raw.path("kafka_produce_consume_msgs_per_s").asLong() + "/s, CQL inserts "
                + raw.path("cql_single_row_inserts_per_s").asLong() + "/s, Redis publishes "
                + raw.path("redis_publishes_per_s").asLong() + "/s");
        row(b, "Parley / slowest raw limit (" + raw.path("slowest").asText() + ")",
                raw.path("parley_throughput_ratio_to_slowest").asText());
        JsonNode c = r.path("connections");
        row(b, "idle connections on one edge", c.path("max_open").asInt() + " (stopped by " + c.path("limited_by").asText()
                + "); " + c.path("heap_bytes_per_connection").asLong() + " heap bytes and "
                + c.path("rss_bytes_per_connection").asLong() + " RSS bytes per connection");
        JsonNode f = r.path("fanout");
        row(b, "fan-out to " + f.path("group_members").asInt() + " members, " + f.path("online_devices").asInt()
                + " online" + (f.path("reduced_from_10000_members_1000_online").asBoolean() ? " (reduced size)" : ""),
                "last online member after " + pct(f.path("time_to_last_online_member_ms")) + "; "
                        + f.path("kafka_offsets_per_message").asDouble() + " Kafka offsets and "
                        + f.path("redis_publishes_per_message").asDouble() + " Redis publishes per message");
        row(b, "consistency violations", r.path("consistency").path("violations").asText() + " (of "
                + r.path("consistency").path("messages_in_history").asLong() + " messages in "
                + r.path("consistency").path("conversations").asLong() + " conversations)");
        b.append("\n## Rising load (the knee)\n\n| offered/s | done/s | done | ack p50 / p99 ms | delivery p50 / p99 / max ms | sustained |\n|---|---|---|---|---|---|\n");
        for (JsonNode s : r.path("knee")) {
            b.append("| ").append(s.path("offered_msgs_per_s").asDouble()).append(" | ").append(s.path("done_msgs_per_s").asDouble())
                    .append(" | ").append(Math.round(s.path("done_fraction").asDouble() * 100)).append(" % | ")
                    .append(s.path("ack_latency_ms").path("p50").asDouble()).append(" / ").append(s.path("ack_latency_ms").path("p99").asDouble())
                    .append(" | ").append(s.path("delivery_latency_ms").path("p50").asDouble()).append(" / ")
                    .append(s.path("delivery_latency_ms").path("p99").asDouble()).append(" / ")
                    .append(s.path("delivery_latency_ms").path("max").asDouble()).append(" | ")
                    .append(s.path("sustained").asBoolean() ? "yes" : "no").append(" |\n");
        }
        b.append("\n## Chaos\n\n| fault | down s | recovery s | sent | disturbed | max latency ms | violations |\n|---|---|---|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("chaos").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode x = e.getValue();
            b.append("| ").append(e.getKey()).append(" | ").append(x.path("down_seconds").asDouble()).append(" | ")
                    .append(x.path("recovery_seconds").isNull() ? "not recovered" : x.path("recovery_seconds").asText())
                    .append(" | ").append(x.path("messages_sent").asLong()).append(" | ").append(x.path("messages_disturbed").asLong())
                    .append(" | ").append(x.path("max_latency_ms").asLong()).append(" | ").append(x.path("violations").asLong()).append(" |\n");
        }
        b.append("\nRecovery: from the fault until the last message it disturbed (slower than ")
                .append(r.path("settings").path("bench").path("slowThreshold").asText())
                .append(" to be acked and shown on every member's device, catch-up included) was shown everywhere. "
                        + "Down: from the fault until the killed service or stopped server was ready again.\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("chaos").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            rollingSteps(b, e.getKey(), e.getValue().path("steps"));
        }
        waitedFor(b, r.path("chaos"));
        JsonNode listed = r.path("consistency").path("listed");
        if (!listed.isEmpty()) {
            b.append("\n## Violations\n\n");
            listed.forEach(v -> b.append("- ").append(v.asText()).append('\n'));
        }
        b.append("\n## Settings\n\nService settings of the run: `").append(r.path("settings").path("service_settings"))
                .append("`.\nBench settings: `").append(r.path("settings").path("bench")).append("`.\n");
        return b.toString();
    }

    private static void rollingSteps(StringBuilder b, String fault, JsonNode steps) {
        if (!steps.isEmpty()) {
            b.append("\nRolling restart (").append(fault).append("), per step (a conversation's pause: the longest any of its messages sent during the "
                    + "step took to be acked and shown everywhere; a step runs from its instance's stop to the next stop or the "
                    + "end of the observation):\n\n| instance | restart s | conversations | pause p50 / p99 / max ms | over 2 s |\n"
                    + "|---|---|---|---|---|\n");
            steps.forEach(x -> b.append("| ").append(x.path("instance").asText()).append(" | ")
                    .append(x.path("restart_seconds").asDouble()).append(" | ").append(x.path("conversations").asInt())
                    .append(" | ").append(x.path("conversation_pause_p50_ms").asDouble()).append(" / ")
                    .append(x.path("conversation_pause_p99_ms").asDouble()).append(" / ")
                    .append(x.path("conversation_pause_max_ms").asDouble()).append(" | ")
                    .append(x.path("conversations_paused_over_2s").asInt()).append(" |\n"));
        }
    }

    /** Per fault, what its disturbed messages waited for (faults that disturbed none are left out). */
    private static void waitedFor(StringBuilder b, JsonNode chaos) {
        StringBuilder rows = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = chaos.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode w = e.getValue().path("disturbed_waited_for");
            if (w.isMissingNode()) {
                continue;
            }
            JsonNode l = w.path("last");
            rows.append("| ").append(e.getKey()).append(" | ").append(w.path("ack_late").asLong()).append(" | ")
                    .append(w.path("shown_late").asLong()).append(" (").append(w.path("shown_late_by_catch_up").asLong())
                    .append(") | ").append(w.path("resent").asLong()).append(" | sent at ")
                    .append(String.format(Locale.ROOT, "%+.1f", l.path("sent_seconds_after_fault").asDouble()))
                    .append(" s, acked after ").append(l.path("ack_seconds").asDouble()).append(" s, shown after ")
                    .append(l.path("shown_seconds").asDouble()).append(" s ")
                    .append(l.path("by_catch_up").asBoolean() ? "by catch-up" : "live").append(", ")
                    .append(l.path("attempts").asInt()).append(" attempt(s) |\n");
        }
        if (!rows.isEmpty()) {
            b.append("\nWhat the disturbed messages waited for: their sender's ack, or their last device (by catch-up: it got"
                    + " the message from history after a reconnect or a gap); resent: its client sent it more than once. The"
                    + " message done last sets the recovery time.\n\n| fault | acked late | shown late (by catch-up) | resent |"
                    + " the last one |\n|---|---|---|---|---|\n").append(rows);
        }
    }

    private static void row(StringBuilder b, String what, String value) {
        b.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private static String pct(JsonNode p) {
        return "p50 " + p.path("p50").asDouble() + " / p99 " + p.path("p99").asDouble() + " / p99.9 "
                + p.path("p999").asDouble() + " / max " + p.path("max").asDouble() + " ms";
    }
}
