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
    /** Where and how to run it. */
    public record Config(Path dataDir, int port) {
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
        ChildProcess p = ChildProcess.launch("Redis", command(binary, dataDir, config.port()), dataDir, log, Map.of());
        p.awaitReady(config.port(), List.of("Ready to accept connections"), READY_TIMEOUT);
        process = p;
    }

    static List<String> command(Path binary, Path dataDir, int port) {
        return List.of(binary.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--daemonize", "no", "--dir", dataDir.toString(), "--save", "", "--appendonly", "no",
                "--logfile", "");
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
