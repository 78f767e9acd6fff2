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
 * {@code <dataDir>/redis.log}.
 */
public final class RedisServer implements Server {
    /** Where and how to run it; {@code password}, when not empty, is required of every client ({@code requirepass}). */
    public record Config(Path dataDir, int port, String password) {
        /** No password (the local stack and the tests). */
        public Config(Path dataDir, int port) {
            this(dataDir, port, "");
        }

        @Override
        public String toString() {
            return "Config[dataDir=" + dataDir + ", port=" + port + (password.isEmpty() ? "" : ", password=***") + "]";
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
        return "redis";
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
        ChildProcess p = ChildProcess.launch("Redis", command(binary, dataDir, config.port(), config.password()),
                dataDir, log, Map.of());
        p.awaitReady(config.port(), List.of("Ready to accept connections"), READY_TIMEOUT);
        process = p;
    }

    static List<String> command(Path binary, Path dataDir, int port, String password) {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--daemonize", "no", "--dir", dataDir.toString(), "--save", "",
                "--appendonly", "no", "--logfile", ""));
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
