package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 11's cold start, read off a pairs run's timeline, whose second 0 is the stack reporting
 * ready: how long the clients took to connect, when the warm-up's delivery latency came down to the
 * step limit for good, and who used the CPU meanwhile. The issue asks for delivery p99 within the
 * limit from 30 s after ready; the whole-step percentiles of the warm-up hide when that happens.
 *
 * @param populated   seconds from ready until the bench's users and conversations existed (set-up
 *                    through auth that a real cold start does not have)
 * @param connected   seconds from ready until every client's socket was open
 * @param warmUpStart seconds from ready when the warm-up's sends began
 * @param warmUpEnd   seconds from ready when its last send was offered
 */
public record ColdStart(double populated, double connected, double warmUpStart, double warmUpEnd) {
    /** The window: latency must be within the limit from this long after ready. */
    static final long TARGET_SECONDS = 30;

    /**
     * The first second of the warm-up from which every later second of it with deliveries had its
     * p99 within {@code limit}, or -1 when its last second was still over.
     */
    public long settledAt(List<Timeline.Second> seconds, Duration limit) {
        return Timeline.settledAt(seconds, (long) warmUpStart, (long) Math.ceil(warmUpEnd), limit.toMillis());
    }

    /** Mean cores per part of the stack over seconds {@code [from, to)} of {@code rows}. */
    static Map<String, Double> cores(List<ProcessCpu.Row> rows, long from, long to) {
        Map<String, Double> sum = new TreeMap<>();
        for (ProcessCpu.Row r : rows) {
            if (r.second() >= from && r.second() < to) {
                sum.merge(r.part(), r.percent() / 100, Double::sum);
            }
        }
        sum.replaceAll((part, total) -> total / Math.max(1, to - from));
        return sum;
    }

    /** The results document's {@code cold_start}. */
    public ObjectNode summarise(Timeline timeline, List<ProcessCpu.Row> cpu, Duration limit) {
        ObjectNode o = Json.mapper().createObjectNode().put("populated_seconds", populated)
                .put("connected_seconds", connected).put("warm_up_start_seconds", warmUpStart)
                .put("warm_up_end_seconds", warmUpEnd).put("settled_at_second", settledAt(timeline.seconds(), limit));
        long end = (long) Math.ceil(warmUpEnd);
        long from = Math.max((long) warmUpStart, TARGET_SECONDS);
        o.put("delivery_p50_ms_from_target", timeline.percentile(from, end, 50))
                .put("delivery_p99_ms_from_target", timeline.percentile(from, end, 99))
                .put("target_from_second", from);
        ObjectNode cores = o.putObject("cpu_cores");
        cores.set("until_connected", Json.mapper().valueToTree(cores(cpu, 0, (long) Math.ceil(connected))));
        cores.set("warm_up_first_30s", Json.mapper().valueToTree(cores(cpu, (long) warmUpStart, (long) warmUpStart + 30)));
        cores.set("warm_up_after_30s", Json.mapper().valueToTree(cores(cpu, (long) warmUpStart + 30, end)));
        return o;
    }
}
