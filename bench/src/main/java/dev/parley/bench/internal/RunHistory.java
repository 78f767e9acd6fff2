package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.RunLog;
import dev.parley.bench.Violation;
import dev.parley.testkit.client.HistoryWalk;
import dev.parley.testkit.client.ParleyClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** Gathers the checker's input after a run: every conversation's whole history, and the clients' logs. */
public final class RunHistory {
    private RunHistory() {
    }

    public static RunLog collect(ParleyClient client, Population pop, Fleet fleet, Tracker tracker) {
        List<Population.Conversation> all = pop.all();
        List<Callable<Map.Entry<String, List<RunLog.Stored>>>> reads = new ArrayList<>();
        for (Population.Conversation c : all) {
            reads.add(() -> Map.entry(c.id(), history(client, c)));
        }
        Map<String, List<RunLog.Stored>> history = new LinkedHashMap<>();
        Population.runAll(reads).forEach(e -> history.put(e.getKey(), e.getValue()));
        Map<String, List<String>> devices = new LinkedHashMap<>();
        fleet.sessions().forEach(s -> devices.put(s.deviceId(), s.conversations()));
        return new RunLog(tracker.sends(), tracker.acks(), tracker.receipts(), history, devices, tracker.abandoned());
    }

    private static List<RunLog.Stored> history(ParleyClient client, Population.Conversation c) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                List<RunLog.Stored> out = new ArrayList<>();
                for (JsonNode m : HistoryWalk.after(client, c.reader(), c.id(), 0)) {
                    out.add(new RunLog.Stored(c.id(), m.path("seq").asLong(), m.path("messageId").asText(),
                            m.path("senderId").asText(), m.path("clientMsgId").asText()));
                }
                return out;
            } catch (AssertionError e) {
                if (attempt >= 10) {
                    throw new IllegalStateException("cannot read the history of " + c.id() + ": " + e.getMessage(), e);
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** How many violations fall on messages sent in each phase (by the first seq named). */
    public static Map<String, Integer> phaseOf(List<Violation> violations, Tracker tracker) {
        Map<String, String> bySeq = tracker.phaseBySeq();
        Map<String, Integer> out = new TreeMap<>();
        for (Violation v : violations) {
            String phase = v.seqs().isEmpty() ? "unknown"
                    : bySeq.getOrDefault(v.conversationId() + "#" + v.seqs().getFirst(), "unknown");
            out.merge(phase, 1, Integer::sum);
        }
        return out;
    }
}
