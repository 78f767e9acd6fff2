package dev.parley.infra;

import dev.parley.infra.internal.Binaries;
import dev.parley.infra.internal.ChildProcess;
import dev.parley.infra.internal.Files2;
import dev.parley.infra.internal.LogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Redis Sentinel ({@code redis-server <conf> --sentinel}) watching one primary: with a quorum of
 * sentinels agreeing it is down, one of them promotes a replica, and clients that connect through
 * the sentinels ({@code redis-sentinel://} URIs) find the new primary. Redis's own failover, not
 * Parley's: the local counterpart of ElastiCache's automatic failover (terraform/modules/redis).
 *
 * <p>Sentinel rewrites its configuration file as it learns the group; this one writes it afresh on
 * every start, so a restarted sentinel watches the primary it was given, and learns the rest again
 * from it (a sentinel restarted after a failover would watch the old primary, now a replica: not
 * done by the local stack).
 */
public final class RedisSentinel implements Server {
    /**
     * @param name       how messages name it ({@code redis-sentinel-1})
     * @param masterName the group's name, the {@code #fragment} of a {@code redis-sentinel://} URI
     * @param masterPort the primary's port on 127.0.0.1 when the sentinel starts
     * @param quorum     how many sentinels must find the primary down before one fails it over
     * @param downAfter  how long the primary may not answer before this sentinel finds it down
     * @param password   the primary's and replicas' {@code requirepass}, empty for none
     */
    public record Config(Path dataDir, int port, String name, String masterName, int masterPort, int quorum,
                         Duration downAfter, String password) {
        @Override
        public String toString() {
            return "Config[name=" + name + ", dataDir=" + dataDir + ", port=" + port + ", watches=" + masterName
                    + "@" + masterPort + ", quorum=" + quorum + ", downAfter=" + downAfter
                    + (password.isEmpty() ? "" : ", password=***") + "]";
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** A failover that has not finished in this long is given up and tried again. */
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(10);
    private final Config config;
    private final Path dataDir;
    private final LogFile log;
    private ChildProcess process;

    public RedisSentinel(Config c) {
        this.config = c;
        this.dataDir = c.dataDir().toAbsolutePath();
        this.log = new LogFile(dataDir.resolve("sentinel.log"));
    }

    @Override
    public String name() {
        return config.name();
    }

    /** {@code 127.0.0.1:port}, one of the hosts of a {@code redis-sentinel://} URI. */
    public String address() {
        return "127.0.0.1:" + config.port();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path binary = Binaries.redisServer();
        Ports.requireFree(config.port(), config.name());
        Files2.mkdirs(dataDir);
        Path conf = dataDir.resolve("sentinel.conf");
        try {
            Files.writeString(conf, configFile(config, dataDir));
        } catch (IOException e) {
            throw new InfraException(config.name() + ": cannot write " + conf + ": " + e.getMessage());
        }
        ChildProcess p = ChildProcess.launch(config.name(), List.of(binary.toString(), conf.toString(), "--sentinel"),
                dataDir, log, Map.of());
        p.awaitReady(config.port(), List.of("+monitor master " + config.masterName()), READY_TIMEOUT);
        process = p;
    }

    static String configFile(Config c, Path dataDir) {
        String m = c.masterName();
        StringBuilder b = new StringBuilder()
                .append("port ").append(c.port()).append('\n')
                .append("bind 127.0.0.1\n")
                .append("daemonize no\n")
                .append("logfile \"\"\n")
                .append("dir \"").append(dataDir).append("\"\n")
                .append("sentinel monitor ").append(m).append(" 127.0.0.1 ").append(c.masterPort()).append(' ')
                .append(c.quorum()).append('\n')
                .append("sentinel down-after-milliseconds ").append(m).append(' ').append(c.downAfter().toMillis()).append('\n')
                .append("sentinel failover-timeout ").append(m).append(' ').append(FAILOVER_TIMEOUT.toMillis()).append('\n')
                .append("sentinel parallel-syncs ").append(m).append(" 1\n");
        if (!c.password().isEmpty()) {
            b.append("sentinel auth-pass ").append(m).append(' ').append(c.password()).append('\n');
        }
        return b.toString();
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
