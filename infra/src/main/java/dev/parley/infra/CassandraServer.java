package dev.parley.infra;

import dev.parley.infra.internal.Binaries;
import dev.parley.infra.internal.CassandraFiles;
import dev.parley.infra.internal.ChildProcess;
import dev.parley.infra.internal.Files2;
import dev.parley.infra.internal.LogFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A one-node Cassandra 5.0 (standing in for ScyllaDB locally) in a child JVM on a JDK 17, from the
 * jars in {@code <home>/dist/cassandra/target/lib}. Ready when the native port accepts connections
 * and the log says start-up is complete. Output goes to {@code <dataDir>/cassandra.log}.
 */
public final class CassandraServer implements Server {
    /**
     * Where and how to run it. {@code home} is the repository root; {@code javaHome} a JDK 17, or
     * null to find one with {@link Jdks#java17()}.
     */
    public record Config(Path home, Path dataDir, int nativePort, int storagePort, int jmxPort, Path javaHome,
                         Secured secured) {
        /** No authentication, no TLS (the local stack and the tests). */
        public Config(Path home, Path dataDir, int nativePort, int storagePort, int jmxPort, Path javaHome) {
            this(home, dataDir, nativePort, storagePort, jmxPort, javaHome, null);
        }
    }

    /**
     * Clients must log in ({@code PasswordAuthenticator}; the superuser {@link #USER}/{@link #PASSWORD}
     * is created at once) and use TLS on the native port, with the node's certificate and key in a
     * PKCS12 keystore: what ScyllaDB Cloud asks of a client.
     */
    public record Secured(Path keystore, String keystorePassword) {
        public static final String USER = "cassandra";
        public static final String PASSWORD = "cassandra";

        @Override
        public String toString() {
            return "Secured[keystore=" + keystore + "]";
        }
    }

    /**
     * The server's timer slack ({@code TimerSlack}). Cassandra's request and mutation stages share
     * worker threads that, once idle, sleep-spin in steps of 10 µs for 10 ms and more before they park,
     * so that a next request finds one awake; at the default slack (50 µs) that is thousands of wake-ups
     * after every request, and at a few dozen requests a second it was most of the stand-in's CPU. With
     * a 1 ms slack the spin wakes far less often: one node written 50 rows a second, one at a time, used
     * 0.07–0.09 of a core instead of 0.32–0.33 (0.12 at 250 µs), the write 1.3 ms instead of 0.9–1.0
     * (docs/performance.md, "The stand-in's spinning threads"). History writes are off the path of acks
     * and deliveries. ScyllaDB, which the stand-in stands in for, has no such threads.
     */
    public static final Duration TIMER_SLACK = Duration.ofMillis(1);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<String> READY_MARKERS = List.of("Startup complete", "Starting listening for CQL clients");
    private final Config config;
    private final Path dataDir;
    private final LogFile log;
    private ChildProcess process;

    public CassandraServer(Config c) {
        this.config = c;
        this.dataDir = c.dataDir().toAbsolutePath();
        this.log = new LogFile(dataDir.resolve("cassandra.log"));
    }

    @Override
    public String name() {
        return "cassandra";
    }

    /** {@code 127.0.0.1:nativePort}, for the CQL driver. */
    public String contactPoint() {
        return "127.0.0.1:" + config.nativePort();
    }

    /** The data center of SimpleSnitch. */
    public String localDatacenter() {
        return "datacenter1";
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree(config.nativePort(), "Cassandra (CQL)");
        Ports.requireFree(config.storagePort(), "Cassandra (storage)");
        Ports.requireFree(config.jmxPort(), "Cassandra (JMX)");
        Path javaHome = config.javaHome() != null ? config.javaHome() : Jdks.java17();
        Path lib = Binaries.distLib(config.home(), "dist/cassandra", "Cassandra");
        for (String d : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) {
            Files2.mkdirs(dataDir.resolve(d));
        }
        Files2.write(dataDir.resolve("conf/cassandra.yaml"),
                CassandraFiles.renderYaml(dataDir, config.nativePort(), config.storagePort(), config.secured()));
        Files2.write(dataDir.resolve("conf/logback.xml"), CassandraFiles.renderLogback());
        List<String> cmd = CassandraFiles.command(Binaries.java(javaHome), lib,
                Binaries.jarStartingWith(lib, "jamm-").orElse(null), dataDir, config.jmxPort());
        if (config.secured() != null) {
            // The default superuser is otherwise created 10 s after start-up; clients would be refused until then.
            cmd.add(cmd.size() - 3, "-Dcassandra.superuser_setup_delay_ms=0");
        }
        ChildProcess p = ChildProcess.launch("Cassandra", cmd, dataDir, log, Map.of("JAVA_HOME", javaHome.toString()),
                TIMER_SLACK);
        p.awaitReady(config.nativePort(), READY_MARKERS, READY_TIMEOUT);
        process = p;
    }

    /** The server's process id, for what only the operating system can tell (its timer slack). */
    synchronized long pid() {
        return process.pid();
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
