package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.BenchConfig;
import dev.parley.bench.RunLog;
import dev.parley.bench.Violation;
import dev.parley.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results document ({@code bench/results/latest.json}), filled phase by phase. Keys are the
 * issue's: {@code throughput_msgs_per_s}, {@code ack_latency_ms}, {@code delivery_latency_ms},
 * {@code connections}, {@code fanout}, {@code raw_limits}, {@code consistency}, {@code chaos},
 * {@code machine}, {@code settings}, plus {@code knee} (every step) and {@code timeline}.
 */
public final class ResultsJson {
    private static final int LISTED_VIOLATIONS = 200;
    private final ObjectNode root = Json.mapper().createObjectNode();
    private double throughput;

    public ResultsJson(BenchConfig config, Map<String, String> serviceSettings) {
        root.put("profile", config.profile());
        root.put("started_at", java.time.Instant.now().toString());
        root.set("machine", Machine.describe());
        ObjectNode settings = root.putObject("settings");
        settings.set("bench", Json.mapper().copy()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).valueToTree(config));
        settings.set("service_settings", Json.mapper().valueToTree(new TreeMap<>(serviceSettings)));
        root.putObject("chaos");
    }

    public void stackStarted(double seconds) {
        root.put("stack_start_seconds", round(seconds));
    }

    /** What each service's first process did with its AOT cache (USE, TRAIN, OFF...): a warm start is not a cold one. */
    public void aotCache(Map<String, String> useByService) {
        ObjectNode n = root.putObject("aot_cache");
        useByService.forEach(n::put);
    }

    public void rawLimits(RawLimits.Result r) {
        ObjectNode n = root.putObject("raw_limits");
        n.put("record_bytes", r.recordBytes());
        n.put("kafka_produce_consume_msgs_per_s", Math.round(r.kafkaMsgsPerSecond()));
        n.put("cql_single_row_inserts_per_s", Math.round(r.cqlInsertsPerSecond()));
        n.put("redis_publishes_per_s", Math.round(r.redisPublishesPerSecond()));
        n.put("slowest", r.slowest());
        n.put("slowest_per_s", Math.round(r.slowestPerSecond()));
    }

    public void fixed(LoadPhases.Step s) {
        root.put("fixed_load_msgs_per_s", s.offeredPerSecond());
        root.set("ack_latency_ms", percentiles(s.ack()));
        root.set("delivery_latency_ms", percentiles(s.delivery()));
    }

    public void knee(List<LoadPhases.Step> steps, double sustained) {
        throughput = sustained;
        root.put("throughput_msgs_per_s", round(sustained));
        root.put("throughput_note", sustained > 0
                ? "best step with delivery p99 within the limit and 95 % of its sends acked and delivered everywhere"
                : "no step met the latency limit; max_done_msgs_per_s is the best rate reached regardless of latency");
        root.put("max_done_msgs_per_s", round(steps.stream().mapToDouble(LoadPhases.Step::throughputPerSecond).max().orElse(0)));
        ArrayNode a = root.putArray("knee");
        for (LoadPhases.Step s : steps) {
            ObjectNode n = a.addObject();
            n.put("offered_msgs_per_s", s.offeredPerSecond());
            n.put("done_msgs_per_s", round(s.throughputPerSecond()));
            n.put("done_fraction", round(s.completedFraction()));
            n.set("ack_latency_ms", percentiles(s.ack()));
            n.set("delivery_latency_ms", percentiles(s.delivery()));
            n.put("sustained", s.sustained());
        }
        ObjectNode raw = (ObjectNode) root.get("raw_limits");
        if (raw != null && raw.path("slowest_per_s").asLong() > 0) {
            raw.put("parley_throughput_ratio_to_slowest", Math.round(throughput / raw.path("slowest_per_s").asDouble() * 10_000) / 10_000.0);
        }
    }

    public void fanout(Fanout.Result f, boolean reduced) {
        ObjectNode n = root.putObject("fanout");
        n.put("group_members", f.groupSize());
        n.put("online_devices", f.onlineDevices());
        n.put("messages", f.messages());
        n.put("reduced_from_10000_members_1000_online", reduced);
        n.set("time_to_last_online_member_ms", percentiles(f.timeToLastMs()));
        n.put("not_completed", f.notCompleted());
        n.put("kafka_offsets_per_message", round(f.kafkaOffsetsPerMessage()));
        n.set("kafka_offsets_per_message_by_topic", Json.mapper().valueToTree(f.kafkaOffsetsPerMessageByTopic()));
        n.put("redis_publishes_per_message", round(f.redisPublishesPerMessage()));
    }

    public void capacity(Capacity.Result c) {
        ObjectNode n = root.putObject("connections");
        n.put("max_open", c.maxOpen());
        n.put("limited_by", c.limitedBy());
        n.put("source_addresses", c.sourceAddresses());
        n.put("heap_bytes_per_connection", Math.round(c.heapBytesPerConnection()));
        n.put("rss_bytes_per_connection", Math.round(c.rssBytesPerConnection()));
        n.put("edge_heap_bytes_before", c.heapBefore());
        n.put("edge_heap_bytes_after", c.heapAfter());
        n.put("edge_rss_bytes_before", c.rssBefore());
        n.put("edge_rss_bytes_after", c.rssAfter());
    }

    public void fault(Chaos.FaultResult f) {
        ObjectNode n = ((ObjectNode) root.get("chaos")).putObject(f.fault());
        n.put("down_seconds", round(f.downSeconds()));
        if (f.recoverySeconds() >= 0) {
            n.put("recovery_seconds", round(f.recoverySeconds()));
        } else {
            n.putNull("recovery_seconds");
        }
        n.put("messages_sent", f.sent());
        n.put("messages_disturbed", f.disturbed());
        n.put("max_latency_ms", Math.round(f.maxLatencyMs()));
        n.put("violations", 0);
        Disturbance d = f.waitedFor();
        if (d.last() != null) {
            ObjectNode w = n.putObject("disturbed_waited_for");
            w.put("ack_late", d.ackLate());
            w.put("shown_late", d.shownLate());
            w.put("shown_late_by_catch_up", d.shownByCatchUp());
            w.put("resent", d.resent());
            ObjectNode l = w.putObject("last");
            l.put("sent_seconds_after_fault", d.last().sentSeconds());
            l.put("ack_seconds", d.last().ackSeconds());
            l.put("shown_seconds", d.last().shownSeconds());
            l.put("attempts", d.last().attempts());
            l.put("by_catch_up", d.last().byCatchUp());
        }
        if (!f.steps().isEmpty()) {
            var steps = n.putArray("steps");
            for (RollingSteps.Step s : f.steps()) {
                ObjectNode x = steps.addObject();
                x.put("instance", s.instance());
                x.put("restart_seconds", round(s.restartSeconds()));
                x.put("messages_sent", s.sent());
                x.put("conversations", s.conversations());
                x.put("conversation_pause_p50_ms", s.pauseP50Ms());
                x.put("conversation_pause_p99_ms", s.pauseP99Ms());
                x.put("conversation_pause_max_ms", s.pauseMaxMs());
                x.put("conversations_paused_over_2s", s.conversationsOver2s());
            }
        }
    }

    public void consistency(List<Violation> violations, RunLog log, Map<String, Integer> byPhase, int reconnects) {
        ObjectNode n = root.putObject("consistency");
        n.put("violations", violations.size());
        n.put("sends", log.sends().size());
        n.put("acks", log.acks().size());
        n.put("receipts", log.receipts().size());
        n.put("catch_up_receipts", log.receipts().stream().filter(r -> !r.live()).count());
        n.put("conversations", log.history().size());
        n.put("messages_in_history", log.history().values().stream().mapToInt(List::size).sum());
        n.put("reconnects", reconnects);
        n.set("violations_by_phase", Json.mapper().valueToTree(byPhase));
        ArrayNode list = n.putArray("listed");
        violations.stream().limit(LISTED_VIOLATIONS).forEach(v -> list.add(v.toString()));
        byPhase.forEach((phase, count) -> {
            if (phase.startsWith("chaos:") && root.get("chaos").has(phase.substring(6))) {
                ((ObjectNode) root.get("chaos").get(phase.substring(6))).put("violations", count);
            }
        });
    }

    public void timeline(Timeline t) {
        ArrayNode marks = root.putArray("marks");
        t.marks().forEach(m -> marks.addObject().put("second", round(m.second())).put("label", m.label()).put("fault", m.fault()));
    }

    public ObjectNode json() {
        root.put("finished_at", java.time.Instant.now().toString());
        return root;
    }

    private static ObjectNode percentiles(Percentiles p) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("count", p.count());
        n.put("p50", p.p50());
        n.put("p99", p.p99());
        n.put("p999", p.p999());
        n.put("max", p.max());
        return n;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
