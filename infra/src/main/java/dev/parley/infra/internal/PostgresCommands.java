package dev.parley.infra.internal;

import dev.parley.infra.InfraException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Command lines for PostgreSQL's own tools. initdb and pg_ctl refuse to run as root, so when we
 * are root they run as the {@code postgres} user through {@code runuser}.
 */
public final class PostgresCommands {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Unix socket paths are limited to 107 bytes; the file name adds ".s.PGSQL.65535". */
    private static final int MAX_SOCKET_DIR = 90;
    private final Path bin;
    private final boolean asRoot;

    public PostgresCommands(Path bin, boolean asRoot) {
        this.bin = bin;
        this.asRoot = asRoot;
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private List<String> tool(String name, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(name).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    public List<String> initdb(Path pgdata) {
        return tool("initdb", "-D", pgdata.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync");
    }

    /** Starts the postmaster in the background and waits (-w) until it accepts connections. */
    public List<String> start(Path pgdata, Path logFile, int port) {
        return tool("pg_ctl", "start", "-D", pgdata.toString(), "-l", logFile.toString(), "-w", "-t", "60",
                "-o", serverOptions(pgdata, port));
    }

    /** Fast shutdown: clients are disconnected (SIGTERM's smart mode would wait for pools to close). */
    public List<String> stop(Path pgdata) {
        return tool("pg_ctl", "stop", "-D", pgdata.toString(), "-m", "fast", "-w", "-t", "30");
    }

    /** psql as the superuser over TCP (trust), running a script file; needs no runuser. */
    public List<String> psqlFile(int port, Path script) {
        return List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-f", script.toString());
    }

    /** pg_ctl hands these to the server through a shell: paths with spaces or too long get no socket. */
    static String serverOptions(Path pgdata, int port) {
        String dir = pgdata.toAbsolutePath().toString();
        String socketDir = dir.length() <= MAX_SOCKET_DIR && dir.matches("[A-Za-z0-9_./-]+") ? dir : "''";
        return "-c listen_addresses=127.0.0.1 -p " + port + " -c fsync=off -c full_page_writes=off"
                + " -c unix_socket_directories=" + socketDir;
    }

    /** Creates (or updates) the login role and creates the database it owns if missing. */
    public static String bootstrapSql(String database, String user, String password) {
        for (String id : List.of(database, user)) {
            if (!IDENTIFIER.matcher(id).matches()) {
                throw new InfraException("invalid PostgreSQL name '" + id + "': use letters, digits and _");
            }
        }
        String pw = password.replace("'", "''");
        return "DO $$ BEGIN\n"
                + "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN\n"
                + "    CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + pw + "';\n"
                + "  ELSE\n"
                + "    ALTER ROLE \"" + user + "\" LOGIN PASSWORD '" + pw + "';\n"
                + "  END IF;\n"
                + "END $$;\n"
                + "SELECT 'CREATE DATABASE \"" + database + "\" OWNER \"" + user + "\" ENCODING ''UTF8'''\n"
                + "  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '" + database + "')\\gexec\n";
    }
}
