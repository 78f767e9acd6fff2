package dev.parley.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.infra.InfraException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PostgresCommandsTest {
    private final Path bin = Path.of("/usr/lib/postgresql/15/bin");
    private final Path pgdata = Path.of("/data/pg/pgdata");

    @Test
    void asRootInitdbAndPgCtlRunAsThePostgresUser() {
        PostgresCommands root = new PostgresCommands(bin, true);
        assertThat(root.initdb(pgdata)).startsWith("runuser", "-u", "postgres", "--", bin + "/initdb")
                .contains("-A", "trust", "-E", "UTF8", "--no-sync");
        assertThat(root.stop(pgdata)).startsWith("runuser").contains("-m", "fast");
        assertThat(new PostgresCommands(bin, false).initdb(pgdata)).startsWith(bin + "/initdb");
    }

    @Test
    void serverListensOnLoopbackWithoutFsyncAndItsSocketInTheDataDir() {
        String opts = PostgresCommands.serverOptions(pgdata, 25432);
        assertThat(opts).contains("listen_addresses=127.0.0.1", "-p 25432", "fsync=off",
                "unix_socket_directories=/data/pg/pgdata");
    }

    @Test
    void aPathTooLongForASocketGetsNoSocket() {
        Path deep = Path.of("/x".repeat(60));
        assertThat(PostgresCommands.serverOptions(deep, 1)).endsWith("unix_socket_directories=''");
    }

    @Test
    void bootstrapCreatesRoleAndDatabaseOnlyWhenMissingAndEscapesThePassword() {
        String sql = PostgresCommands.bootstrapSql("parley", "parley", "it's");
        assertThat(sql).contains("IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'parley')",
                "PASSWORD 'it''s'", "CREATE DATABASE \"parley\" OWNER \"parley\"",
                "WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'parley')\\gexec");
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefused() {
        assertThatThrownBy(() -> PostgresCommands.bootstrapSql("parley; drop", "parley", "x"))
                .isInstanceOf(InfraException.class).hasMessageContaining("invalid PostgreSQL name");
    }
}
