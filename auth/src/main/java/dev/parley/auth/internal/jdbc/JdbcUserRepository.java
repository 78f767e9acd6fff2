package dev.parley.auth.internal.jdbc;

import dev.parley.auth.User;
import dev.parley.auth.UserRepository;
import dev.parley.auth.internal.Validation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Accounts in the {@code users} table. */
public final class JdbcUserRepository implements UserRepository {
    private static final String COLUMNS = "id, username, password_hash, created_at";

    private final Jdbc jdbc;

    public JdbcUserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean create(User user) {
        return jdbc.autoCommit(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (username) DO NOTHING")) {
                ps.setObject(1, Jdbc.uuid(user.id()));
                ps.setString(2, user.username());
                ps.setString(3, user.passwordHash());
                Jdbc.setTime(ps, 4, user.createdAt());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return jdbc.autoCommit(c -> one(c, "SELECT " + COLUMNS + " FROM users WHERE username = ?", username));
    }

    @Override
    public Optional<User> findById(String userId) {
        if (!Validation.id(userId)) {
            return Optional.empty();
        }
        return jdbc.autoCommit(c -> one(c, "SELECT " + COLUMNS + " FROM users WHERE id = ?", Jdbc.uuid(userId)));
    }

    @Override
    public Set<String> existing(Collection<String> userIds) {
        return jdbc.autoCommit(c -> existing(c, userIds));
    }

    static Set<String> existing(Connection c, Collection<String> userIds) throws SQLException {
        Set<String> out = new HashSet<>();
        if (userIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE id = ANY (?)")) {
            ps.setArray(1, Jdbc.uuidArray(c, userIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1).toString());
                }
            }
        }
        return out;
    }

    private static Optional<User> one(Connection c, String sql, Object param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new User(rs.getObject("id").toString(), rs.getString("username"),
                        rs.getString("password_hash"), Jdbc.time(rs, "created_at")));
            }
        }
    }
}
