package dev.parley.auth.internal.jdbc;

import dev.parley.auth.Outbox;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The relay side of the {@code outbox} table. A batch is claimed {@code FOR UPDATE SKIP LOCKED}
 * and marked published in the same transaction, after Kafka acknowledged it. A transaction-level
 * advisory lock keeps a second relay from claiming the next batch meanwhile: SKIP LOCKED alone
 * would let it publish a newer snapshot of a conversation before an older one, and the
 * compacted topic would then keep the older.
 */
public final class JdbcOutbox implements Outbox {
    /** Advisory lock id of the relay ("parley" outbox). */
    private static final long RELAY_LOCK = 0x7061726c6579L;

    private final Jdbc jdbc;

    public JdbcOutbox(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int publishPending(int limit, Consumer<List<ConversationMembers>> publish) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                ps.setLong(1, RELAY_LOCK);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
            List<Long> ids = new ArrayList<>();
            List<ConversationMembers> batch = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, payload::text FROM outbox WHERE published_at IS NULL
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        batch.add(Json.read(rs.getString(2), ConversationMembers.class));
                    }
                }
            }
            if (batch.isEmpty()) {
                return 0;
            }
            publish.accept(batch);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET published_at = now() WHERE id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                ps.executeUpdate();
            }
            return batch.size();
        });
    }

    /** Both read through the partial index of unpublished rows; the lowest id is the oldest row. */
    @Override
    public Backlog backlog() {
        return jdbc.autoCommit(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS entries,
                           (SELECT created_at FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1) AS oldest""");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Backlog(rs.getLong("entries"), Optional.ofNullable(Jdbc.time(rs, "oldest")));
            }
        });
    }
}
