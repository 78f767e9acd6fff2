package dev.parley.replay.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress as JSON lines, for machines: at most one line a second while running and one at the
 * end, each with every input's done, total, rate (records/s since the start) and seconds left:
 * <pre>{"task":"rebuild","elapsedMs":2000,"done":false,"inputs":[{"input":"parley.messages.v1","done":5000,"total":20000,"perSecond":2500.0,"etaSeconds":6}]}</pre>
 */
final class JsonProgress implements ProgressView {
    static final long INTERVAL_MS = 1000;

    private final PrintStream out;
    private final Clock clock;
    private final Map<String, Long> totals = new LinkedHashMap<>();
    private final Map<String, Long> done = new LinkedHashMap<>();
    private String task;
    private long startedMs;
    private long lastLineMs;

    JsonProgress(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void start(String task, Map<String, Long> totals) {
        this.task = task;
        this.totals.putAll(totals);
        totals.keySet().forEach(k -> done.put(k, 0L));
        startedMs = clock.millis();
        lastLineMs = startedMs;
        line(false);
    }

    @Override
    public void update(Map<String, Long> done) {
        this.done.putAll(done);
        long now = clock.millis();
        if (now - lastLineMs >= INTERVAL_MS) {
            lastLineMs = now;
            line(false);
        }
    }

    @Override
    public void close() {
        line(true);
    }

    private void line(boolean finished) {
        long elapsed = clock.millis() - startedMs;
        ObjectNode o = Json.mapper().createObjectNode().put("task", task).put("elapsedMs", elapsed)
                .put("done", finished);
        ArrayNode inputs = o.putArray("inputs");
        totals.forEach((input, total) -> {
            long n = done.getOrDefault(input, 0L);
            double rate = elapsed > 0 ? n * 1000.0 / elapsed : 0;
            ObjectNode i = inputs.addObject().put("input", input).put("done", n).put("total", total)
                    .put("perSecond", Math.round(rate * 10) / 10.0);
            if (rate > 0) {
                i.put("etaSeconds", Math.max(0, Math.round((total - n) / rate)));
            }
        });
        out.println(o);
        out.flush();
    }
}
