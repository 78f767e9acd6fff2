package dev.parley.auth.internal.jdbc;

import dev.parley.auth.StorageException;
import dev.parley.auth.internal.Validation;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Connections and transactions. SQL errors become {@link StorageException} after rollback; any
 * other exception (e.g. a rule the caller enforces) rolls back and passes through unchanged.
 */
public final class Jdbc {
    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Carries an SQLException out of code that cannot throw checked exceptions. */
    static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
        } catch (SqlFailure e) {
            throw new StorageException("database failure: " + e.getCause().getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new StorageException("database failure: " + e.getMessage(), e);
        }
    }

    /** Runs one statement (or a read) in auto-commit mode. */
    public <T> T autoCommit(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SqlFailure e) {
            throw new StorageException("database failure: " + e.getCause().getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new StorageException("database failure: " + e.getMessage(), e);
        }
    }

    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    static void setTime(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant time(java.sql.ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static UUID uuid(String id) {
        return UUID.fromString(id);
    }

    /** A {@code uuid[]} of the ids that are well-formed; malformed ones cannot exist in the database. */
    static Array uuidArray(Connection c, Collection<String> ids) throws SQLException {
        return c.createArrayOf("uuid", ids.stream().filter(Validation::id).map(UUID::fromString).toArray());
    }
}
