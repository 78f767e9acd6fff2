package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.time.Duration;
import java.util.List;

/**
 * Issue 11's last overload target: within 5 s of the overload ending, latency is back to its normal
 * level. The pairs profile follows its last (highest) rate step at once, without waiting for its
 * backlog, with a step at an ordinary rate; this reads off the timeline when that step's per-second
 * delivery p99 came within the step limit for good, counted from the overload's last send.
 *
 * @param overloadRate  the last rate step's offered msgs/s
 * @param overloadEnd   seconds on the timeline when its last send was offered
 * @param afterRate     the ordinary rate of the step after it
 * @param afterStart    seconds on the timeline when that step's sends began
 * @param afterEnd      seconds when its last send was offered
 */
public record OverloadRecovery(int overloadRate, double overloadEnd, int afterRate, double afterStart, double afterEnd) {
    /** The target: back within the limit this long after the overload ended. */
    static final Duration TARGET = Duration.ofSeconds(5);

    /** Seconds from the overload's end until every later second of the step after it was within {@code limit}; -1: never. */
    public double recoverySeconds(List<Timeline.Second> seconds, Duration limit) {
        // from the overload's last second on: its backlog, delivered late, counts against the recovery
        long settled = Timeline.settledAt(seconds, (long) overloadEnd, (long) Math.ceil(afterEnd), limit.toMillis());
        return settled < 0 ? -1 : Math.max(0, settled - overloadEnd);
    }

    /** The results document's {@code after_overload}. */
    public ObjectNode summarise(Timeline timeline, Duration limit) {
        long from = (long) Math.ceil(overloadEnd + TARGET.toSeconds());
        long to = (long) Math.ceil(afterEnd);
        return Json.mapper().createObjectNode().put("overload_rate", overloadRate).put("overload_end_second", overloadEnd)
                .put("after_rate", afterRate).put("after_start_second", afterStart).put("after_end_second", afterEnd)
                .put("recovery_seconds", recoverySeconds(timeline.seconds(), limit)).put("target_seconds", TARGET.toSeconds())
                .put("delivery_p50_ms_from_target", timeline.percentile(from, to, 50))
                .put("delivery_p99_ms_from_target", timeline.percentile(from, to, 99));
    }
}
