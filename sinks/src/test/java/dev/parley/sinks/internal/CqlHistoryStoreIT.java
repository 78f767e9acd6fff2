package dev.parley.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.parley.common.config.Settings;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.sinks.SinksConfig;
import dev.parley.sinks.internal.cql.CqlHistoryStore;
import dev.parley.sinks.internal.cql.CqlSessions;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.nio.charset.MalformedInputException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CqlHistoryStore} against a real Cassandra with the project's schema: idempotent
 * upserts (a replay rewrites the same rows), bucketed partitions, monotonic state and read
 * positions whatever order writes arrive in, and member-list projections.
 */
class CqlHistoryStoreIT {
    private static CqlSession session;
    private static CqlHistoryStore store;

    @BeforeAll
    static void connect() {
        TestInfra infra = RealInfra.get();
        Settings settings = Settings.of(Map.of("cql.contact-points", infra.cqlContactPoint(),
                "cql.local-datacenter", infra.localDatacenter(), "cql.keyspace", infra.keyspace()));
        SinksConfig config = SinksConfig.from(settings);
        settings.validate();
        session = CqlSessions.open(config);
        store = new CqlHistoryStore(session);
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void aReplayRewritesTheSameRowsAndStateKeepsTheNewestWhateverTheOrder() {
        String c = id();
        List<Message> all = messages(c, 1, 6);
        store.writeMessages(all.subList(3, 6)).toCompletableFuture().join();
        store.writeMessages(all.subList(0, 3)).toCompletableFuture().join(); // an older batch arrives late
        store.writeMessages(all).toCompletableFuture().join();               // and the whole log is replayed
        List<Row> rows = session.execute("SELECT seq, message_id, body, sent_at FROM messages"
                + " WHERE conversation_id = ? AND bucket = 0", c).all();
        assertThat(rows).extracting(r -> r.getLong("seq")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(rows).extracting(r -> r.getString("message_id"))
                .isEqualTo(all.stream().map(Message::messageId).toList());
        assertThat(rows.get(2).getInstant("sent_at")).isEqualTo(all.get(2).sentAt());
        assertThat(headSeq(c)).isEqualTo(6);
    }

    @Test
    void theHeadMovesOncePerBucketAndNeverBack() {
        String c = id();
        store.writeMessages(messages(c, 1, 5)).toCompletableFuture().join();
        assertThat(headSeq(c)).isEqualTo(5);
        store.writeMessages(messages(c, 6, 998)).toCompletableFuture().join();
        assertThat(headSeq(c)).as("bucket 0 is recorded already: not written again").isEqualTo(5);
        store.writeMessages(messages(c, 999, 1003)).toCompletableFuture().join();
        assertThat(headSeq(c)).isEqualTo(1003);
        // A new writer (a restart, a rebalance) replays an older batch: the head stays.
        new CqlHistoryStore(session).writeMessages(messages(c, 1, 5)).toCompletableFuture().join();
        assertThat(headSeq(c)).isEqualTo(1003);
    }

    @Test
    void aLargeBatchOfOneConversationIsWrittenInChunksThatTheServerAccepts() {
        String c = id();
        List<Message> all = new ArrayList<>();
        for (Message m : messages(c, 1, 1200)) {
            all.add(new Message(c, m.seq(), m.messageId(), m.senderId(), m.clientMsgId(),
                    "\u00e9".repeat(3000) + m.seq(), m.sentAt()));
        }
        store.writeMessages(all).toCompletableFuture().join();
        assertThat(seqs(c, 0)).hasSize(999).startsWith(1L).endsWith(999L);
        assertThat(seqs(c, 1)).hasSize(201).startsWith(1000L).endsWith(1200L);
        Row last = session.execute("SELECT body FROM messages WHERE conversation_id = ? AND bucket = 1"
                + " ORDER BY seq DESC LIMIT 1", c).one();
        assertThat(last.getString("body")).endsWith("1200").hasSize(3004);
        assertThat(headSeq(c)).isEqualTo(1200);
    }

    @Test
    void messagesGoToThePartitionOfTheirThousandSeqBucket() {
        String c = id();
        store.writeMessages(messages(c, 998, 1001)).toCompletableFuture().join();
        assertThat(seqs(c, 0)).containsExactly(998L, 999L);
        assertThat(seqs(c, 1)).containsExactly(1000L, 1001L);
    }

    @Test
    void aReadPositionNeverMovesBackwards() {
        String c = id();
        store.writeReads(List.of(read(c, "u1", 5), read(c, "u2", 2))).toCompletableFuture().join();
        store.writeReads(List.of(read(c, "u1", 3), read(c, "u2", 4))).toCompletableFuture().join();
        store.writeReads(List.of(read(c, "u1", 5))).toCompletableFuture().join();
        assertThat(readSeq("u1", c)).isEqualTo(5);
        assertThat(readSeq("u2", c)).isEqualTo(4);
    }

    @Test
    void memberListsKeepTheNewestVersionAndTheUserRowsFollowIt() {
        String c = id();
        String a = id();
        String b = id();
        String d = id();
        store.writeMemberships(List.of(members(c, 1, a, b))).toCompletableFuture().join();
        assertThat(hasConversation(b, c)).isTrue();
        store.writeMemberships(List.of(members(c, 2, a, b, d), members(c, 3, a, d))).toCompletableFuture().join();
        store.writeMemberships(List.of(members(c, 2, a, b, d))).toCompletableFuture().join(); // replayed, older
        Row row = session.execute("SELECT members, version FROM conversations WHERE conversation_id = ?", c).one();
        assertThat(row.getList("members", String.class)).containsExactly(a, d);
        assertThat(row.getLong("version")).isEqualTo(3);
        assertThat(hasConversation(a, c)).isTrue();
        assertThat(hasConversation(d, c)).isTrue();
        assertThat(hasConversation(b, c)).isFalse();
        // Added back later: the newer insert wins over the older delete.
        store.writeMemberships(List.of(members(c, 4, a, d, b))).toCompletableFuture().join();
        assertThat(hasConversation(b, c)).isTrue();
    }

    /**
     * How a write call was refused: thrown while binding ({@code sync}) or by the returned stage,
     * with which exception and cause. The in-memory fake must answer exactly the same.
     */
    record Refusal(boolean sync, Class<?> type, Class<?> cause) {
        static Refusal of(Supplier<CompletionStage<Void>> call) {
            CompletionStage<Void> stage;
            try {
                stage = call.get();
            } catch (RuntimeException e) {
                return new Refusal(true, e.getClass(), e.getCause() == null ? null : e.getCause().getClass());
            }
            try {
                stage.toCompletableFuture().join();
                return new Refusal(false, null, null);
            } catch (CompletionException e) {
                Throwable t = e.getCause();
                return new Refusal(false, t.getClass(), t.getCause() == null ? null : t.getCause().getClass());
            }
        }
    }

    @Test
    void aStringThatIsNotWellFormedUnicodeIsRefusedWhileBindingWithNothingWrittenAndTheFakeAgrees() {
        String c = id();
        List<Message> batch = new ArrayList<>(messages(c, 1, 3));
        Message good = batch.get(1);
        batch.set(1, new Message(c, good.seq(), good.messageId(), good.senderId(), good.clientMsgId(), "x\ud800y",
                good.sentAt()));
        InMemoryHistoryStore fake = new InMemoryHistoryStore();

        Refusal real = Refusal.of(() -> store.writeMessages(batch));

        assertThat(real).isEqualTo(new Refusal(true, IllegalArgumentException.class, MalformedInputException.class));
        assertThat(Refusal.of(() -> fake.writeMessages(batch))).isEqualTo(real);
        assertThat(Failure.of(new IllegalArgumentException(new MalformedInputException(1)))).isEqualTo(Failure.POISON);
        assertThat(seqs(c, 0)).isEmpty();
        assertThat(fake.messages(c)).isEmpty();
        assertThat(Refusal.of(() -> store.writeReads(List.of(read(c, "u\udfff", 1)))))
                .isEqualTo(real).isEqualTo(Refusal.of(() -> fake.writeReads(List.of(read(c, "u\udfff", 1)))));
    }

    @Test
    void aPartitionKeyOver64KiBIsRefusedByTheServerAndTheFakeAgrees() {
        String huge = "c".repeat(70_000);
        InMemoryHistoryStore fake = new InMemoryHistoryStore();

        Refusal real = Refusal.of(() -> store.writeMessages(messages(huge, 1, 1)));

        assertThat(real.sync()).isFalse();
        assertThat(real.type()).isEqualTo(InvalidQueryException.class);
        assertThat(Failure.of(new CompletionException(new InvalidQueryException(null, "x")))).isEqualTo(Failure.POISON);
        assertThat(Refusal.of(() -> fake.writeMessages(messages(huge, 1, 1)))).isEqualTo(real);
        assertThat(Refusal.of(() -> store.writeMemberships(List.of(members(id(), 1, huge)))))
                .isEqualTo(Refusal.of(() -> fake.writeMemberships(List.of(members(id(), 1, huge)))));
    }

    @Test
    void anInstantBeyondACqlTimestampIsRefusedWhileBindingAndTheFakeAgrees() {
        String c = id();
        Message m = new Message(c, 1, "m1", "s", "cm1", "b", Instant.MAX);
        InMemoryHistoryStore fake = new InMemoryHistoryStore();

        Refusal real = Refusal.of(() -> store.writeMessages(List.of(m)));

        assertThat(real.sync()).isTrue();
        assertThat(Failure.of(new ArithmeticException())).isEqualTo(Failure.POISON);
        assertThat(Refusal.of(() -> fake.writeMessages(List.of(m)))).isEqualTo(real);
    }

    private static long headSeq(String c) {
        return session.execute("SELECT last_seq FROM conversation_state WHERE conversation_id = ?", c).one()
                .getLong("last_seq");
    }

    private static List<Message> messages(String c, long from, long to) {
        List<Message> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00.123Z");
        for (long s = from; s <= to; s++) {
            out.add(new Message(c, s, "m-" + s + "-" + c, "sender", "cm-" + s, "body " + s, t0.plusMillis(s)));
        }
        return out;
    }

    private static ReadPosition read(String c, String user, long seq) {
        return new ReadPosition(c, user + c, seq, Instant.now());
    }

    private static ConversationMembers members(String c, long version, String... users) {
        return new ConversationMembers(c, "group", "t", List.of(users), version, Instant.now());
    }

    private static List<Long> seqs(String c, long bucket) {
        return session.execute("SELECT seq FROM messages WHERE conversation_id = ? AND bucket = ?", c, bucket).all()
                .stream().map(r -> r.getLong("seq")).toList();
    }

    private static long readSeq(String user, String c) {
        return session.execute("SELECT read_seq FROM read_state WHERE user_id = ? AND conversation_id = ?",
                user + c, c).one().getLong("read_seq");
    }

    private static boolean hasConversation(String user, String c) {
        return session.execute("SELECT conversation_id FROM user_conversations WHERE user_id = ? AND conversation_id = ?",
                user, c).one() != null;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
