package dev.parley.auth.internal.jdbc;

import dev.parley.auth.RefreshTokenRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens in {@code refresh_tokens}, grouped by {@code refresh_token_families}. Rotation
 * locks the family row, so concurrent refreshes of one login run one after the other.
 */
public final class JdbcRefreshTokenRepository implements RefreshTokenRepository {
    private final Jdbc jdbc;

    public JdbcRefreshTokenRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(String tokenHash, String familyId, String userId, Instant now, Instant expiresAt) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO refresh_token_families (id, user_id, created_at) VALUES (?, ?, ?)")) {
                ps.setObject(1, Jdbc.uuid(familyId));
                ps.setObject(2, Jdbc.uuid(userId));
                Jdbc.setTime(ps, 3, now);
                ps.executeUpdate();
            }
            insertToken(c, tokenHash, familyId, now, expiresAt);
            return null;
        });
    }

    private static void insertToken(java.sql.Connection c, String hash, String familyId, Instant now, Instant expiresAt)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO refresh_tokens (token_hash, family_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, hash);
            ps.setObject(2, Jdbc.uuid(familyId));
            Jdbc.setTime(ps, 3, now);
            Jdbc.setTime(ps, 4, expiresAt);
            ps.executeUpdate();
        }
    }

    @Override
    public Rotation rotate(String presentedHash, String newHash, Instant now, Instant newExpiresAt) {
        return jdbc.inTransaction(c -> {
            String familyId;
            String userId;
            boolean revoked;
            boolean expired;
            boolean replaced;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT f.id, f.user_id, f.revoked_at, t.expires_at, t.replaced_at
                    FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
                    WHERE t.token_hash = ? FOR UPDATE OF f""")) {
                ps.setString(1, presentedHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Rotation.Invalid();
                    }
                    familyId = rs.getObject("id").toString();
                    userId = rs.getObject("user_id").toString();
                    revoked = rs.getObject("revoked_at") != null;
                    expired = !now.isBefore(Jdbc.time(rs, "expires_at"));
                    replaced = rs.getObject("replaced_at") != null;
                }
            }
            if (revoked) {
                return new Rotation.Invalid();
            }
            if (expired) {
                return new Rotation.Expired();
            }
            if (replaced) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE refresh_token_families SET revoked_at = ? WHERE id = ?")) {
                    Jdbc.setTime(ps, 1, now);
                    ps.setObject(2, Jdbc.uuid(familyId));
                    ps.executeUpdate();
                }
                return new Rotation.Reused(userId, familyId);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE refresh_tokens SET replaced_at = ? WHERE token_hash = ?")) {
                Jdbc.setTime(ps, 1, now);
                ps.setString(2, presentedHash);
                ps.executeUpdate();
            }
            insertToken(c, newHash, familyId, now, newExpiresAt);
            return new Rotation.Rotated(userId, familyId);
        });
    }

    @Override
    public Optional<String> revokeFamily(String tokenHash, Instant now) {
        return jdbc.inTransaction(c -> {
            String familyId;
            try (PreparedStatement ps = c.prepareStatement("SELECT family_id FROM refresh_tokens WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<String>empty();
                    }
                    familyId = rs.getObject("family_id").toString();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE refresh_token_families SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                Jdbc.setTime(ps, 1, now);
                ps.setObject(2, Jdbc.uuid(familyId));
                ps.executeUpdate();
            }
            return Optional.of(familyId);
        });
    }
}
