package dev.parley.replay.internal.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.common.json.Json;
import java.io.PrintStream;
import java.util.List;

/**
 * The outcome of one {@code verify}.
 *
 * @param leftName      what the left side is ({@code log} or a keyspace)
 * @param rightName     what the right side is
 * @param conversations conversations found on either side
 * @param messages      messages compared: per conversation, the larger of the two sides' counts
 * @param skipped       log records left out as the sinks leave them out (undecodable or invalid); 0 for two keyspaces
 * @param differences   every difference found
 */
public record VerifyReport(String leftName, String rightName, long conversations, long messages, long skipped,
                           List<Difference> differences) {
    public VerifyReport {
        differences = List.copyOf(differences);
    }

    public boolean agrees() {
        return differences.isEmpty();
    }

    /**
     * One line per difference, at most {@code maxLines} of them, then the totals; the last line is
     * {@code verify: N conversations, M messages, D differences}.
     */
    public void print(PrintStream out, int maxLines) {
        out.println("verify: " + leftName + " (left) against " + rightName + " (right)");
        int shown = Math.min(Math.max(maxLines, 0), differences.size());
        differences.subList(0, shown).forEach(d -> out.println(d.line()));
        if (shown < differences.size()) {
            out.println("... and " + (differences.size() - shown) + " more");
        }
        if (skipped > 0) {
            out.println("skipped " + skipped + " log records the sinks skip too (undecodable or invalid)");
        }
        out.println("verify: " + conversations + " conversations, " + messages + " messages, "
                + differences.size() + " differences");
    }

    /** The whole report as one JSON object, for scripts. */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }
}
