package dev.parley.auth;

import dev.parley.common.config.Settings;
import dev.parley.testkit.client.ParleyHttp;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The auth service started in this JVM through {@link Main#setup}, against the real PostgreSQL,
 * Redis and Kafka of {@link RealInfra}. Each {@link #newSchema() schema} is a fresh, empty
 * PostgreSQL schema of RealInfra's database (the JDBC URL's {@code currentSchema}), so test
 * classes never see each other's rows; Flyway migrates it on the first start. Several instances
 * may run on one schema (a restart, or two auth nodes sharing one database).
 */
final class AuthUnderTest implements AutoCloseable {
    private final Main.Running running;
    private final URI url;
    final String schema;
    final Path keysDir;

    private AuthUnderTest(Main.Running running, String schema, Path keysDir) {
        this.running = running;
        this.url = URI.create("http://127.0.0.1:" + running.port());
        this.schema = schema;
        this.keysDir = keysDir;
    }

    /** A new empty schema, created as RealInfra's database owner. */
    static String newSchema() {
        String schema = "auth_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(RealInfra.get().jdbcUrl(), RealInfra.DB_USER,
                RealInfra.DB_PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema, e);
        }
        return schema;
    }

    /**
     * A keys directory under the module's {@code target/} (not the system temp directory, where
     * every run of the ITs left one behind), shared by the instances a test starts on it.
     */
    static Path newKeysDir() {
        try {
            return Files.createDirectories(Path.of("target", "it-keys")).toAbsolutePath()
                    .resolve(UUID.randomUUID().toString()).resolve("keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String jdbcUrl(String schema) {
        return RealInfra.get().jdbcUrl() + "?currentSchema=" + schema;
    }

    /**
     * The settings of an instance on {@code schema}: any free port, real Redis and Kafka, cheap
     * Argon2 (the hasher's parameters are unit-tested; here they only cost time) and abuse limits
     * high enough for tests that are not about them (every request comes from 127.0.0.1).
     */
    static Map<String, String> settings(String schema, Path keysDir) {
        TestInfra infra = RealInfra.get();
        Map<String, String> s = new HashMap<>();
        s.put("auth.http.port", "0");
        s.put("observe.port", "0");
        s.put("auth.keys-dir", keysDir.toString());
        s.put("db.url", jdbcUrl(schema));
        s.put("db.user", RealInfra.DB_USER);
        s.put("db.password", RealInfra.DB_PASSWORD);
        s.put("redis.uri", infra.redisUri());
        s.put("kafka.bootstrap-servers", infra.kafkaBootstrap());
        s.put("auth.argon2.memory-kib", "1024");
        s.put("auth.argon2.iterations", "1");
        s.put("auth.login-limit.attempts", "100000");
        s.put("auth.login-limit.address-failures", "100000");
        s.put("auth.register-limit.attempts", "100000");
        s.put("auth.limits.rest-rate", "100000");
        s.put("auth.limits.rest-burst", "100000");
        return s;
    }

    static AuthUnderTest start(String schema, Path keysDir, Map<String, String> overrides) {
        Map<String, String> s = settings(schema, keysDir);
        s.putAll(overrides);
        Settings settings = Settings.of(s);
        AuthConfig config = AuthConfig.from(settings);
        settings.validate();
        try {
            return new AuthUnderTest(Main.setup(config, Clock.systemUTC()), schema, keysDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AuthUnderTest start(String schema, Path keysDir) {
        return start(schema, keysDir, Map.of());
    }

    URI url() {
        return url;
    }

    ParleyHttp http() {
        return new ParleyHttp(url);
    }

    /** A connection to this instance's schema (close it). */
    Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(schema), RealInfra.DB_USER, RealInfra.DB_PASSWORD);
    }

    /** The single number a query answers, e.g. a count. */
    long number(String sql) {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
