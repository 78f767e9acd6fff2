package dev.parley.sinks;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.sinks.internal.cql.HistoryPartitions;
import java.util.List;

/**
 * Which decoded log records the history writer stores, and in which writes: a record that fails
 * these checks can never be stored and is dead-lettered. Public because a rebuild, and a check of a
 * keyspace against the log, must skip exactly the records the sinks skipped.
 */
public final class HistoryRecords {
    private HistoryRecords() {
    }

    public static boolean valid(Message m) {
        return present(m.conversationId()) && m.seq() >= 0 && present(m.messageId()) && present(m.senderId());
    }

    public static boolean valid(ReadPosition p) {
        return present(p.conversationId()) && present(p.userId()) && p.seq() >= 0;
    }

    public static boolean valid(ConversationMembers c) {
        return present(c.conversationId()) && c.version() >= 0 && c.members() != null
                && c.members().stream().allMatch(HistoryRecords::present);
    }

    /**
     * The single-partition writes (CQL batches) the history writer makes of these messages: per
     * (conversation, bucket) in seq order, at most 100 rows and about 32 KiB each. For the bench,
     * which measures raw batches of the same shape.
     */
    public static List<List<Message>> writes(List<Message> messages) {
        return HistoryPartitions.writes(messages);
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }
}
