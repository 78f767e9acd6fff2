package dev.parley.replay.internal.verify;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.parley.common.event.MessageBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a whole keyspace into one {@link ConversationSummary} per conversation. The conversations
 * are those named in conversation_state, conversations, user_conversations or read_state (there is
 * no way to list the messages table's conversations short of a full scan that would have to hold
 * every conversation's rows at once). Message history is read partition by partition from bucket 0
 * to one past the recorded head, so rows written above the head are counted too.
 */
public final class KeyspaceSummaries {
    /** Conversations whose history is read at once. */
    static final int IN_FLIGHT = 16;
    private static final int PAGE_SIZE = 1000;

    private KeyspaceSummaries() {
    }

    /**
     * @param keyspace as in CQL: unquoted names are case-insensitive, like {@code ops cql apply}'s
     * @return summaries sorted by conversation id
     */
    public static SortedMap<String, ConversationSummary> read(CqlSession session, String keyspace) {
        String ks = CqlIdentifier.fromCql(keyspace).asCql(true);
        SortedMap<String, ConversationSummary.Builder> all = new TreeMap<>();
        for (Row row : scan(session, "SELECT conversation_id, last_seq FROM " + ks + ".conversation_state")) {
            // UPDATE makes no row marker: a null last_seq means the row is gone.
            if (!row.isNull("last_seq")) {
                of(all, row).headBucket = MessageBuckets.of(row.getLong("last_seq"));
            }
        }
        for (Row row : scan(session, "SELECT conversation_id, kind, title, members, version FROM " + ks
                + ".conversations")) {
            ConversationSummary.Builder b = of(all, row);
            b.kind = row.getString("kind");
            b.title = row.getString("title");
            b.members = row.getList("members", String.class);
            b.version = row.isNull("version") ? -1 : row.getLong("version");
        }
        for (Row row : scan(session, "SELECT user_id, conversation_id FROM " + ks + ".user_conversations")) {
            of(all, row).users.add(row.getString("user_id"));
        }
        for (Row row : scan(session, "SELECT user_id, conversation_id, read_seq FROM " + ks + ".read_state")) {
            if (!row.isNull("read_seq")) {
                of(all, row).reads.put(row.getString("user_id"), row.getLong("read_seq"));
            }
        }
        readHistories(session, ks, all);
        SortedMap<String, ConversationSummary> summaries = new TreeMap<>();
        all.forEach((id, b) -> summaries.put(id, b.build()));
        return summaries;
    }

    private static ConversationSummary.Builder of(SortedMap<String, ConversationSummary.Builder> all, Row row) {
        return all.computeIfAbsent(row.getString("conversation_id"), id -> new ConversationSummary.Builder());
    }

    /** A full-table scan; iterating the result set fetches page after page. */
    private static Iterable<Row> scan(CqlSession session, String cql) {
        return session.execute(SimpleStatement.newInstance(cql).setPageSize(PAGE_SIZE));
    }

    private static void readHistories(CqlSession session, String ks,
                                      SortedMap<String, ConversationSummary.Builder> all) {
        PreparedStatement select = session.prepare("SELECT seq, message_id, sender_id, client_msg_id, body, sent_at"
                + " FROM " + ks + ".messages WHERE conversation_id = ? AND bucket = ?");
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            all.forEach((id, b) -> {
                if (b.headBucket >= 0) {
                    tasks.add(pool.submit(() -> b.history(history(session, select, id, b.headBucket))));
                }
            });
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading message history", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static MessageRows.History history(CqlSession session, PreparedStatement select, String id, long head) {
        MessageRows.History history = new MessageRows.History();
        for (long bucket = 0; bucket <= head + 1; bucket++) {
            for (Row row : session.execute(select.bind(id, bucket).setPageSize(PAGE_SIZE))) {
                long seq = row.getLong("seq");
                history.add(seq, MessageRows.digest(seq, row.getString("message_id"), row.getString("sender_id"),
                        row.getString("client_msg_id"), row.getString("body"), row.getInstant("sent_at")));
            }
        }
        return history;
    }
}
