package dev.parley.replay.internal.verify;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.MessageBuckets;
import dev.parley.common.event.ReadPosition;
import dev.parley.sinks.HistoryRecords;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Folds decoded log records, in log order, into what the sinks would have stored, with the sinks'
 * rules: a record they dead-letter is counted as skipped; a message replaces an earlier one with
 * the same (conversation, seq), like the upsert; the snapshot with the highest version wins (a tie
 * goes to the later one); a read position only moves forward. Only a digest per message is kept,
 * not the record.
 */
final class LogFold {
    private final SortedMap<String, Conversation> conversations = new TreeMap<>();
    private long skipped;

    /** @param m a decoded value; null (JSON {@code null}) is invalid, as for the sinks */
    void message(Message m) {
        if (valid(m, HistoryRecords::valid)) {
            of(m.conversationId()).rows.put(m.seq(), MessageRows.digest(m));
        }
    }

    void membership(ConversationMembers c) {
        if (valid(c, HistoryRecords::valid)) {
            Conversation conversation = of(c.conversationId());
            if (conversation.latest == null || c.version() >= conversation.latest.version()) {
                conversation.latest = c;
            }
        }
    }

    void read(ReadPosition p) {
        if (valid(p, HistoryRecords::valid)) {
            of(p.conversationId()).reads.merge(p.userId(), p.seq(), Math::max);
        }
    }

    /** A value that could not be decoded. */
    void undecodable() {
        skipped++;
    }

    /** Records the sinks would have dead-lettered: undecodable or invalid. */
    long skipped() {
        return skipped;
    }

    SortedMap<String, ConversationSummary> summaries() {
        SortedMap<String, ConversationSummary> summaries = new TreeMap<>();
        conversations.forEach((id, c) -> summaries.put(id, c.summary()));
        return summaries;
    }

    private <V> boolean valid(V value, Predicate<V> valid) {
        boolean ok;
        try {
            ok = value != null && valid.test(value);
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            skipped++;
        }
        return ok;
    }

    private Conversation of(String id) {
        return conversations.computeIfAbsent(id, k -> new Conversation());
    }

    private static final class Conversation {
        final SortedMap<Long, byte[]> rows = new TreeMap<>();
        final SortedMap<String, Long> reads = new TreeMap<>();
        ConversationMembers latest;

        ConversationSummary summary() {
            ConversationSummary.Builder b = new ConversationSummary.Builder();
            MessageRows.History history = new MessageRows.History();
            rows.forEach(history::add);
            b.history(history);
            b.headBucket = rows.isEmpty() ? -1 : MessageBuckets.of(rows.lastKey());
            if (latest != null) {
                b.kind = latest.kind();
                b.title = latest.title();
                b.members = latest.members();
                b.version = latest.version();
                b.users.addAll(latest.members());
            }
            b.reads.putAll(reads);
            return b.build();
        }
    }
}
