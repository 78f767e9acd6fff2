package dev.parley.auth.internal.jdbc;

import dev.parley.auth.internal.OutboxRelay;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the outbox relay as soon as an outbox row commits: a trigger on {@code outbox} sends
 * {@code NOTIFY parley_outbox}, heard on a dedicated connection outside the pool. Without that
 * connection (database down) it just waits out the poll interval.
 */
public final class PgNotifyWakeup implements OutboxRelay.Wakeup, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifyWakeup.class);

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;

    public PgNotifyWakeup(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public void await(Duration max) throws InterruptedException {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, user, password);
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN parley_outbox");
                }
            }
            connection.unwrap(PGConnection.class).getNotifications((int) Math.max(1, max.toMillis()));
        } catch (SQLException e) {
            LOG.debug("outbox listener unavailable: {}", e.getMessage());
            close();
            Thread.sleep(max);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the outbox listener: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
