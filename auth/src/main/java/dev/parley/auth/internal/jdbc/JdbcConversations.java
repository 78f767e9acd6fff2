package dev.parley.auth.internal.jdbc;

import dev.parley.auth.Conversation;
import dev.parley.auth.ConversationRepository;
import dev.parley.auth.ConversationTransaction;
import dev.parley.auth.internal.Validation;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Conversations in {@code conversations} and {@code conversation_members}; outbox rows in
 * {@code outbox}, written in the same transaction.
 */
public final class JdbcConversations implements ConversationRepository {
    private final Jdbc jdbc;

    public JdbcConversations(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public <T> T inTransaction(Function<ConversationTransaction, T> work) {
        return jdbc.inTransaction(c -> work.apply(new Tx(c)));
    }

    private record Tx(Connection c) implements ConversationTransaction {
        @Override
        public Optional<Conversation> find(String conversationId) {
            return load(conversationId, "");
        }

        @Override
        public Optional<Conversation> lock(String conversationId) {
            return load(conversationId, " FOR UPDATE");
        }

        private Optional<Conversation> load(String id, String lock) {
            if (!Validation.id(id)) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, title, creator_id, created_at FROM conversations WHERE id = ?" + lock)) {
                ps.setObject(1, Jdbc.uuid(id));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Conversation(id, rs.getString("kind"), rs.getString("title"),
                            rs.getObject("creator_id").toString(), Jdbc.time(rs, "created_at"), members(id)));
                }
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
        }

        private List<String> members(String id) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY joined_seq")) {
                ps.setObject(1, Jdbc.uuid(id));
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1).toString());
                    }
                }
                return out;
            }
        }

        @Override
        public Set<String> existingUsers(Collection<String> userIds) {
            try {
                return JdbcUserRepository.existing(c, userIds);
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
        }

        @Override
        public Optional<Conversation> findDirect(String directKey) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM conversations WHERE direct_key = ?")) {
                ps.setString(1, directKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? find(rs.getObject(1).toString()) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
        }

        @Override
        public boolean insert(Conversation conv, String directKey) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO conversations (id, kind, title, creator_id, direct_key, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (direct_key) DO NOTHING""")) {
                ps.setObject(1, Jdbc.uuid(conv.id()));
                ps.setString(2, conv.kind());
                ps.setString(3, conv.title());
                ps.setObject(4, Jdbc.uuid(conv.creatorId()));
                ps.setString(5, directKey);
                Jdbc.setTime(ps, 6, conv.createdAt());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
            addMembers(conv.id(), conv.members(), conv.createdAt());
            return true;
        }

        @Override
        public void addMembers(String conversationId, Collection<String> userIds, Instant at) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO conversation_members (conversation_id, user_id, joined_at)
                    SELECT ?, x.u, ? FROM unnest(?::uuid[]) WITH ORDINALITY AS x(u, n)
                    ORDER BY x.n
                    ON CONFLICT DO NOTHING""")) {
                ps.setObject(1, Jdbc.uuid(conversationId));
                Jdbc.setTime(ps, 2, at);
                ps.setArray(3, Jdbc.uuidArray(c, userIds));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
        }

        @Override
        public boolean removeMember(String conversationId, String userId) {
            if (!Validation.id(userId)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?")) {
                ps.setObject(1, Jdbc.uuid(conversationId));
                ps.setObject(2, Jdbc.uuid(userId));
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
        }

        @Override
        public long appendOutbox(ConversationMembers snapshot) {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH n AS (SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS id)
                    INSERT INTO outbox (id, conversation_id, payload, created_at)
                    SELECT n.id, ?, jsonb_set(?::jsonb, '{version}', to_jsonb(n.id)), ? FROM n
                    RETURNING id""")) {
                ps.setObject(1, Jdbc.uuid(snapshot.conversationId()));
                ps.setString(2, Json.write(snapshot));
                Jdbc.setTime(ps, 3, snapshot.changedAt());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new Jdbc.SqlFailure(e);
            }
        }
    }
}
