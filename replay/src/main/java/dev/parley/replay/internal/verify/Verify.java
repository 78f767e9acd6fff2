package dev.parley.replay.internal.verify;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code parley replay verify}: compares two keyspaces, or a keyspace against the log, conversation
 * by conversation. Meant for stores that are not being written: rows written while it reads show
 * up as differences.
 */
public final class Verify {
    /** The left side's name when it is the log. */
    public static final String LOG = "log";

    private Verify() {
    }

    /** Two keyspaces of one cluster, e.g. the live one and one rebuilt from the log. */
    public static VerifyReport keyspaces(CqlSession session, String left, String right) {
        return report(left, KeyspaceSummaries.read(session, left), right, KeyspaceSummaries.read(session, right), 0);
    }

    /** A keyspace (right) against what the sinks would have stored from the log (left). */
    public static VerifyReport keyspaceAgainstLog(CqlSession session, String keyspace, Map<String, Object> kafkaProps) {
        return keyspaceAgainstLog(session, keyspace, kafkaProps, LogSummaries.TopicNames.defaults());
    }

    /** As {@link #keyspaceAgainstLog(CqlSession, String, Map)}, reading other topics. */
    public static VerifyReport keyspaceAgainstLog(CqlSession session, String keyspace, Map<String, Object> kafkaProps,
                                                  LogSummaries.TopicNames topics) {
        // The log first: its end offsets are taken at the start, and the sinks lag behind the log, not ahead.
        LogSummaries.Result log = LogSummaries.read(kafkaProps, topics);
        return report(LOG, log.conversations(), keyspace, KeyspaceSummaries.read(session, keyspace), log.skipped());
    }

    /** Compares two sides read already. */
    public static VerifyReport report(String leftName, Map<String, ConversationSummary> left, String rightName,
                                      Map<String, ConversationSummary> right, long skipped) {
        Set<String> ids = new TreeSet<>(left.keySet());
        ids.addAll(right.keySet());
        long messages = 0;
        for (String id : ids) {
            messages += Math.max(count(left.get(id)), count(right.get(id)));
        }
        return new VerifyReport(leftName, rightName, ids.size(), messages, skipped,
                Verification.compare(left, right));
    }

    private static long count(ConversationSummary s) {
        return s == null ? 0 : s.messages();
    }
}
