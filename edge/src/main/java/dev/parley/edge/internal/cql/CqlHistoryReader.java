package dev.parley.edge.internal.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.parley.common.event.Message;
import dev.parley.common.event.MessageBuckets;
import dev.parley.edge.EdgeConfig;
import dev.parley.edge.HistoryReader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link HistoryReader} on the CQL projections; one session, prepared statements. */
public final class CqlHistoryReader implements HistoryReader {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RECONNECT_MAX = Duration.ofSeconds(5);
    /** A readiness probe gives up sooner than a history read: an answer is due before the next scrape. */
    private static final SimpleStatement PROBE = SimpleStatement.newInstance("SELECT release_version FROM system.local")
            .setTimeout(Duration.ofSeconds(2)).setConsistencyLevel(DefaultConsistencyLevel.LOCAL_ONE);

    private final CqlSession session;
    private final PreparedStatement conversation;
    private final PreparedStatement state;
    private final PreparedStatement ascending;
    private final PreparedStatement descending;
    private final PreparedStatement userConversations;
    private final PreparedStatement readState;

    CqlHistoryReader(CqlSession session) {
        this.session = session;
        conversation = session.prepare("SELECT kind, title, members FROM conversations WHERE conversation_id = ?");
        state = session.prepare("SELECT last_seq FROM conversation_state WHERE conversation_id = ?");
        String messages = "SELECT seq, message_id, sender_id, client_msg_id, body, sent_at FROM messages"
                + " WHERE conversation_id = ? AND bucket = ? AND seq >= ? AND seq <= ? ORDER BY seq ";
        ascending = session.prepare(messages + "ASC LIMIT ?");
        descending = session.prepare(messages + "DESC LIMIT ?");
        userConversations = session.prepare("SELECT conversation_id FROM user_conversations WHERE user_id = ?");
        readState = session.prepare("SELECT conversation_id, read_seq FROM read_state WHERE user_id = ?");
    }

    /**
     * Connects to the keyspace; fails when no contact point answers or the keyspace is missing.
     *
     * <p>Reads run at LOCAL_QUORUM: the sinks write at LOCAL_QUORUM, so with replication 3 a read
     * sees every write the sinks have finished (catch-up with {@code after} misses nothing that
     * history already holds); at LOCAL_ONE a lagging replica could answer. While Cassandra is
     * unreachable requests fail fast (503 {@code unavailable}) and the driver reconnects at most
     * {@link #RECONNECT_MAX} apart, so REST answers again soon after the store is back.
     */
    public static CqlHistoryReader connect(EdgeConfig config) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, RECONNECT_MAX)
                .build();
        var builder = config.cql().configure(CqlSession.builder())
                .withConfigLoader(loader)
                .withLocalDatacenter(config.cqlLocalDatacenter())
                .withKeyspace(config.cqlKeyspace())
                .withApplicationName("parley-edge");
        for (String cp : config.cqlContactPoints()) {
            int colon = cp.lastIndexOf(':');
            builder.addContactPoint(new InetSocketAddress(cp.substring(0, colon),
                    Integer.parseInt(cp.substring(colon + 1))));
        }
        CqlSession session = builder.build();
        try {
            return new CqlHistoryReader(session);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public Optional<Conversation> conversation(String conversationId) {
        Row r = session.execute(conversation.bind(conversationId)).one();
        if (r == null) {
            return Optional.empty();
        }
        List<String> members = r.getList("members", String.class);
        return Optional.of(new Conversation(conversationId, r.getString("kind"), r.getString("title"),
                members == null ? List.of() : members));
    }

    /** Two reads: the head bucket from {@code conversation_state}, then that partition's last row. */
    @Override
    public Optional<Message> lastMessage(String conversationId) {
        Row r = session.execute(state.bind(conversationId)).one();
        if (r == null || r.isNull("last_seq")) {
            return Optional.empty();
        }
        long bucket = MessageBuckets.of(r.getLong("last_seq"));
        return messages(conversationId, bucket, 0, Long.MAX_VALUE, 1, true).stream().findFirst();
    }

    @Override
    public List<Message> messages(String conversationId, long bucket, long fromSeq, long toSeq, int limit,
                                  boolean newestFirst) {
        PreparedStatement ps = newestFirst ? descending : ascending;
        List<Message> out = new ArrayList<>();
        for (Row r : session.execute(ps.bind(conversationId, bucket, fromSeq, toSeq, limit))) {
            out.add(new Message(conversationId, r.getLong("seq"), r.getString("message_id"), r.getString("sender_id"),
                    r.getString("client_msg_id"), r.getString("body"), r.getInstant("sent_at")));
        }
        return out;
    }

    @Override
    public List<String> conversationIds(String userId) {
        List<String> out = new ArrayList<>();
        for (Row r : session.execute(userConversations.bind(userId))) {
            out.add(r.getString("conversation_id"));
        }
        return out;
    }

    @Override
    public Map<String, Long> readPositions(String userId) {
        Map<String, Long> out = new HashMap<>();
        for (Row r : session.execute(readState.bind(userId))) {
            if (!r.isNull("read_seq")) {
                out.put(r.getString("conversation_id"), r.getLong("read_seq"));
            }
        }
        return out;
    }

    /** Readiness: a trivial query answers; returns the server's version, throws when the store does not answer. */
    public String probe() {
        Row r = session.execute(PROBE).one();
        return "release " + (r == null ? "?" : r.getString("release_version"));
    }

    @Override
    public void close() {
        session.close();
    }
}
