package dev.parley.ops.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.parley.common.cql.CqlConnection;
import dev.parley.ops.OpsException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link CqlExecutor} on the Apache Cassandra Java driver; generous timeouts because DDL is slow. */
public final class DriverCqlExecutor implements CqlExecutor {
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
    private final CqlSession session;

    private DriverCqlExecutor(CqlSession session) {
        this.session = session;
    }

    /** @param contactPoints {@code host:port}, several separated by commas */
    public static DriverCqlExecutor connect(String contactPoints, CqlConnection connection, String localDatacenter) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, DDL_TIMEOUT)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, DDL_TIMEOUT)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, DDL_TIMEOUT)
                // DDL only: nothing here reads the driver's schema metadata, and refreshing it after
                // every statement (debounced by a 1 s window) made each DDL take 1.5 s.
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                // a short-lived session: close without Netty's default 2 s quiet periods
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        try {
            return new DriverCqlExecutor(connection.configure(CqlSession.builder())
                    .addContactPoints(parse(contactPoints))
                    .withLocalDatacenter(localDatacenter)
                    .withConfigLoader(config)
                    .build());
        } catch (RuntimeException e) {
            throw new OpsException("cannot connect to CQL at " + contactPoints + " (datacenter " + localDatacenter
                    + "): " + e.getMessage(), e);
        }
    }

    static List<InetSocketAddress> parse(String contactPoints) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String cp : contactPoints.split(",")) {
            String s = cp.strip();
            int colon = s.lastIndexOf(':');
            try {
                out.add(colon < 0 ? new InetSocketAddress(s, 9042)
                        : new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new OpsException("contact point '" + s + "' is not host:port");
            }
        }
        return out;
    }

    @Override
    public void execute(String statement) {
        ResultSet rs;
        try {
            rs = session.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
        } catch (RuntimeException e) {
            throw new OpsException("CQL failed: " + firstLine(statement) + ": " + e.getMessage(), e);
        }
        if (!rs.getExecutionInfo().isSchemaInAgreement() && !session.checkSchemaAgreement()) {
            throw new OpsException("no schema agreement after: " + firstLine(statement));
        }
    }

    private static String firstLine(String statement) {
        return statement.lines().findFirst().orElse("").strip();
    }

    @Override
    public void close() {
        session.close();
    }
}
