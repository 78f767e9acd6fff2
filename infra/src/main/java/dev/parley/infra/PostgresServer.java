package dev.parley.infra;

import dev.parley.infra.internal.Binaries;
import dev.parley.infra.internal.Exec;
import dev.parley.infra.internal.Files2;
import dev.parley.infra.internal.LogFile;
import dev.parley.infra.internal.Pids;
import dev.parley.infra.internal.PostgresCommands;
import dev.parley.infra.internal.Reachability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL from {@code /usr/lib/postgresql/<highest>/bin}, initialised once in
 * {@code <dataDir>/pgdata} (trust authentication, UTF-8, no fsync) and started with pg_ctl on
 * 127.0.0.1; as root its tools run as the {@code postgres} user, who then owns the data dir.
 * Every start ensures the role and the database of the config exist. Output goes to
 * {@code <dataDir>/postgres.log}.
 */
public final class PostgresServer implements Server {
    /** Where and how to run it, and the database and login role to create. */
    public record Config(Path dataDir, int port, String database, String user, String password) {
    }

    private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
    private final Config config;
    private final Path dataDir;
    private final Path pgdata;
    private final LogFile log;
    private Long pid;

    public PostgresServer(Config c) {
        this.config = c;
        this.dataDir = c.dataDir().toAbsolutePath();
        this.pgdata = dataDir.resolve("pgdata");
        this.log = new LogFile(dataDir.resolve("postgres.log"));
    }

    @Override
    public String name() {
        return "postgres";
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/database}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + config.port() + "/" + config.database();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        PostgresCommands pg = new PostgresCommands(Binaries.postgresBin(INSTALL_ROOT), PostgresCommands.runningAsRoot());
        Ports.requireFree(config.port(), "PostgreSQL");
        Path script = dataDir.resolve("bootstrap.sql");
        Files2.write(script, PostgresCommands.bootstrapSql(config.database(), config.user(), config.password()));
        if (!Files.exists(log.path())) {
            Files2.write(log.path(), ""); // created before the chown: the server appends to it as postgres
        }
        if (PostgresCommands.runningAsRoot()) {
            Reachability.requireWorldSearchable(dataDir, "the postgres user");
            Exec.run("PostgreSQL", List.of("chown", "-R", "postgres:postgres", dataDir.toString()), dataDir, log,
                    Duration.ofSeconds(60));
        }
        if (!Files.exists(pgdata.resolve("PG_VERSION"))) {
            Exec.run("PostgreSQL initdb", pg.initdb(pgdata), dataDir, log, Duration.ofSeconds(120));
        }
        Exec.run("PostgreSQL", pg.start(pgdata, log.path(), config.port()), dataDir, log, Duration.ofSeconds(90));
        pid = readPid();
        if (!Ports.isListening(config.port())) {
            stop();
            throw new InfraException("PostgreSQL started but does not listen on port " + config.port()
                    + " (see " + log.path() + ")");
        }
        try {
            Exec.run("PostgreSQL psql", pg.psqlFile(config.port(), script), dataDir, log, Duration.ofSeconds(60));
        } catch (InfraException e) {
            stop();
            throw e;
        }
    }

    private Long readPid() {
        try {
            return Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            throw new InfraException("PostgreSQL started but its postmaster.pid is unreadable (see " + log.path() + ")");
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return pid != null && Pids.alive(pid);
    }

    @Override
    public synchronized void stop() {
        if (pid == null) {
            return;
        }
        if (Pids.alive(pid)) {
            PostgresCommands pg = new PostgresCommands(Binaries.postgresBin(INSTALL_ROOT),
                    PostgresCommands.runningAsRoot());
            try {
                Exec.run("PostgreSQL", pg.stop(pgdata), dataDir, log, Duration.ofSeconds(45));
            } catch (InfraException e) {
                // fall back to signals below
            }
            if (!Pids.awaitGone(pid, Duration.ofSeconds(5)) && !Pids.terminate(pid, Duration.ofSeconds(10))) {
                throw new InfraException("PostgreSQL (pid " + pid + ") did not stop (see " + log.path() + ")");
            }
        }
        pid = null;
    }
}
