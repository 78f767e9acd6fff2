package dev.parley.infra;

import dev.parley.infra.internal.Binaries;
import dev.parley.infra.internal.ChildProcess;
import dev.parley.infra.internal.Files2;
import dev.parley.infra.internal.LogFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code redis-server} from the PATH, in the foreground as a child process, without persistence
 * (no RDB snapshots, no AOF): Parley keeps only presence and pub/sub in Redis. Output goes to
 * {@code <dataDir>/redis.log}. A replica ({@link Config#replicaOf}) is ready once its first sync
 * with the primary is done; with {@link RedisSentinel}s watching, either may be promoted later.
 */
public final class RedisServer implements Server {
    /**
     * Where and how to run it.
     *
     * @param password  when not empty, required of every client ({@code requirepass}) and given to the primary by a replica
     * @param name      how messages name this server ({@code redis}, {@code redis-2})
     * @param replicaOf the port of the primary on 127.0.0.1 this one replicates, or 0 for a primary
     */
    public record Config(Path dataDir, int port, String password, String name, int replicaOf) {
        /** A primary named {@code redis}. */
        public Config(Path dataDir, int port, String password) {
            this(dataDir, port, password, "redis", 0);
        }

        /** A primary named {@code redis}, without a password (the local stack and the tests). */
        public Config(Path dataDir, int port) {
            this(dataDir, port, "");
        }

        @Override
        public String toString() {
            return "Config[name=" + name + ", dataDir=" + dataDir + ", port=" + port
                    + (replicaOf == 0 ? "" : ", replicaOf=" + replicaOf) + (password.isEmpty() ? "" : ", password=***") + "]";
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private final Config config;
    private final Path dataDir;
    private final LogFile log;
    private ChildProcess process;

    public RedisServer(Config c) {
        this.config = c;
        this.dataDir = c.dataDir().toAbsolutePath();
        this.log = new LogFile(dataDir.resolve("redis.log"));
    }

    @Override
    public String name() {
        return config.name();
    }

    /** {@code redis://127.0.0.1:port}. */
    public String uri() {
        return "redis://127.0.0.1:" + config.port();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path binary = Binaries.redisServer();
        Ports.requireFree(config.port(), "Redis");
        Files2.mkdirs(dataDir);
        List<String> cmd = command(binary, dataDir, config.port(), config.password());
        if (config.replicaOf() != 0) {
            cmd.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(config.replicaOf())));
            if (!config.password().isEmpty()) {
                cmd.addAll(List.of("--masterauth", config.password()));
            }
        }
        ChildProcess p = ChildProcess.launch(config.name(), cmd, dataDir, log, Map.of());
        // A replica that only accepts connections would have nothing to be promoted with yet.
        p.awaitReady(config.port(), List.of(config.replicaOf() == 0 ? "Ready to accept connections"
                : "MASTER <-> REPLICA sync: Finished with success"), READY_TIMEOUT);
        process = p;
    }

    static List<String> command(Path binary, Path dataDir, int port, String password) {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--daemonize", "no", "--dir", dataDir.toString(), "--save", "",
                "--appendonly", "no", "--logfile", "",
                // a replica (re)joining is synced at once, not after the default 5 s spent waiting for others
                "--repl-diskless-sync-delay", "0"));
        if (!password.isEmpty()) {
            cmd.addAll(List.of("--requirepass", password));
        }
        return cmd;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.alive();
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }
}
