package dev.parley.sinks.internal.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.MessageBuckets;
import dev.parley.common.event.ReadPosition;
import dev.parley.sinks.HistoryStore;
import dev.parley.sinks.internal.MembershipChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link HistoryStore} on the CQL schema ({@code ops/.../schema.cql}). Requests are executed
 * asynchronously; the session's request throttler bounds how many are in flight (see
 * {@link CqlSessions}). Monotonic rows are written {@code USING TIMESTAMP} seq or version, so the
 * highest wins whatever the order of writes and replays; no lightweight transactions.
 *
 * <p>Every statement of a call is bound before any is executed. Binding is where the driver
 * encodes values, and it refuses some (a string that is not well-formed Unicode throws
 * {@link IllegalArgumentException} caused by {@code MalformedInputException}): such a call throws
 * before it has written anything. Values the server refuses (a partition key over 64 KiB) fail the
 * returned stage with {@code InvalidQueryException}.
 */
public final class CqlHistoryStore implements HistoryStore {
    /** Conversations whose recorded head bucket is remembered: about 100 bytes each. */
    static final int HEAD_BUCKETS_KEPT = 100_000;

    private final CqlSession session;
    private final PreparedStatement insertMessage;
    private final PreparedStatement updateState;
    private final PreparedStatement updateRead;
    private final PreparedStatement selectConversation;
    private final PreparedStatement updateConversation;
    private final PreparedStatement insertUserConversation;
    private final PreparedStatement deleteUserConversation;
    private final HeadBuckets headBuckets;

    /** Prepares every statement; fails when the keyspace or a table is missing. */
    public CqlHistoryStore(CqlSession session) {
        this.session = session;
        this.headBuckets = new HeadBuckets(HEAD_BUCKETS_KEPT);
        insertMessage = session.prepare("INSERT INTO messages (conversation_id, bucket, seq, message_id, sender_id,"
                + " client_msg_id, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        updateState = session.prepare(
                "UPDATE conversation_state USING TIMESTAMP ? SET last_seq = ? WHERE conversation_id = ?");
        updateRead = session.prepare(
                "UPDATE read_state USING TIMESTAMP ? SET read_seq = ? WHERE user_id = ? AND conversation_id = ?");
        selectConversation = session.prepare(
                "SELECT kind, title, members, version FROM conversations WHERE conversation_id = ?");
        updateConversation = session.prepare("UPDATE conversations USING TIMESTAMP ? SET kind = ?, title = ?,"
                + " members = ?, version = ? WHERE conversation_id = ?");
        insertUserConversation = session.prepare(
                "INSERT INTO user_conversations (user_id, conversation_id) VALUES (?, ?) USING TIMESTAMP ?");
        deleteUserConversation = session.prepare(
                "DELETE FROM user_conversations USING TIMESTAMP ? WHERE user_id = ? AND conversation_id = ?");
    }

    /**
     * One write per history partition (a single-partition batch; see {@link HistoryPartitions}),
     * its chunks one after the other, so that a partition's rows become visible in seq order:
     * never a row above one of the same or an earlier call that is still missing (callers write
     * batches in log order, one call at a time). Then, once every row is durable, the
     * {@code conversation_state} of each conversation whose newest bucket is not yet recorded
     * there: that row moves once per 1,000 messages, not with every batch, and a reader finds the
     * newest message as the last row of the bucket it names.
     */
    @Override
    public CompletionStage<Void> writeMessages(List<Message> messages) {
        Map<HistoryPartitions.Key, List<Message>> partitions = HistoryPartitions.of(messages);
        List<List<Statement<?>>> chains = new ArrayList<>(partitions.size());
        Map<String, Message> heads = new LinkedHashMap<>();
        partitions.forEach((key, rows) -> {
            List<Statement<?>> chain = new ArrayList<>();
            for (List<Message> chunk : HistoryPartitions.chunks(rows)) {
                chain.add(rowsOf(chunk));
            }
            chains.add(chain);
            if (!headBuckets.isRecorded(key.conversationId(), key.bucket())) {
                heads.merge(key.conversationId(), rows.getLast(), (a, b) -> b.seq() > a.seq() ? b : a);
            }
        });
        List<BoundStatement> states = new ArrayList<>(heads.size());
        heads.values().forEach(m -> states.add(updateState.bind(m.seq(), m.seq(), m.conversationId())));
        List<CompletableFuture<?>> written = new ArrayList<>(chains.size());
        chains.forEach(chain -> written.add(inOrder(chain)));
        return all(written).thenCompose(v -> runAll(states)).thenRun(() -> heads.values().forEach(
                m -> headBuckets.recorded(m.conversationId(), MessageBuckets.of(m.seq()))));
    }

    private Statement<?> rowsOf(List<Message> chunk) {
        List<BoundStatement> rows = new ArrayList<>(chunk.size());
        for (Message m : chunk) {
            rows.add(insertMessage.bind(m.conversationId(), MessageBuckets.of(m.seq()), m.seq(), m.messageId(),
                    m.senderId(), m.clientMsgId(), m.body(), m.sentAt()));
        }
        return rows.size() == 1 ? rows.getFirst()
                : BatchStatement.newInstance(BatchType.UNLOGGED, rows.toArray(BoundStatement[]::new)).setIdempotent(true);
    }

    private CompletableFuture<Void> inOrder(List<Statement<?>> chain) {
        CompletableFuture<?> done = CompletableFuture.completedFuture(null);
        for (Statement<?> s : chain) {
            done = done.thenCompose(v -> run(s));
        }
        return done.thenApply(v -> null);
    }

    @Override
    public CompletionStage<Void> writeReads(List<ReadPosition> reads) {
        List<BoundStatement> writes = new ArrayList<>(reads.size());
        for (ReadPosition r : reads) {
            writes.add(updateRead.bind(r.seq(), r.seq(), r.userId(), r.conversationId()));
        }
        return runAll(writes);
    }

    @Override
    public CompletionStage<Void> writeMemberships(List<ConversationMembers> snapshots) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        MembershipChange.byConversation(snapshots).forEach((id, list) -> writes.add(
                stored(id).thenCompose(stored -> MembershipChange.of(stored, list)
                        .map(this::apply)
                        .orElse(CompletableFuture.completedFuture(null)))));
        return all(writes);
    }

    private CompletableFuture<ConversationMembers> stored(String conversationId) {
        return run(selectConversation.bind(conversationId)).thenApply(rs -> {
            Row row = rs.one();
            if (row == null || row.isNull("version")) {
                return null;
            }
            return new ConversationMembers(conversationId, row.getString("kind"), row.getString("title"),
                    row.getList("members", String.class), row.getLong("version"), null);
        });
    }

    /** User rows first, the conversation row last: a stored version means its user rows are all written. */
    private CompletableFuture<Void> apply(MembershipChange change) {
        ConversationMembers c = change.latest();
        long ts = c.version();
        List<BoundStatement> userRows = new ArrayList<>();
        for (String user : c.members()) {
            userRows.add(insertUserConversation.bind(user, c.conversationId(), ts));
        }
        for (String user : change.removed()) {
            userRows.add(deleteUserConversation.bind(ts, user, c.conversationId()));
        }
        BoundStatement conversation = updateConversation.bind(ts, c.kind(), c.title(), c.members(), c.version(),
                c.conversationId());
        return runAll(userRows).thenCompose(v -> run(conversation)).thenApply(rs -> null);
    }

    /** Runs statements that are all bound already, so a value the driver cannot encode fails before any write. */
    private CompletableFuture<Void> runAll(List<BoundStatement> statements) {
        List<CompletableFuture<?>> running = new ArrayList<>(statements.size());
        statements.forEach(s -> running.add(run(s)));
        return all(running);
    }

    private CompletableFuture<com.datastax.oss.driver.api.core.cql.AsyncResultSet> run(Statement<?> statement) {
        return session.executeAsync(statement).toCompletableFuture();
    }

    private static CompletableFuture<Void> all(List<CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
