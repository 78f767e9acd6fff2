package dev.parley.infra;

import dev.parley.infra.internal.Binaries;
import dev.parley.infra.internal.ChildProcess;
import dev.parley.infra.internal.Exec;
import dev.parley.infra.internal.Files2;
import dev.parley.infra.internal.KafkaFiles;
import dev.parley.infra.internal.LogFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kafka node (KRaft, combined broker and controller) in a child JVM running on the current JDK,
 * from the jars in {@code <home>/dist/kafka/target/lib}: a single-node cluster, or one node of
 * several ({@link Quorum}). Storage is formatted once with a cluster id kept in a file; output goes
 * to {@code <dataDir>/kafka.log}. Topics are not auto-created: apply topics.yaml (ops) first.
 *
 * <p>With an {@link AotCache} the broker's JVM trains a cache (written when it stops cleanly) or
 * starts from one. A broker restarted cold took about 6 s to be ready under the bench's load and
 * compiled its hot code again while every client's backlog arrived at once; all nodes of a
 * cluster share one cache, since they run the same class path.
 */
public final class KafkaServer implements Server {
    /**
     * Where and how to run it. {@code home} is the repository root; {@code saslSsl}, when not null,
     * adds a second listener that only authenticated TLS clients can use.
     */
    public record Config(Path home, Path dataDir, int port, int controllerPort, SaslSsl saslSsl, Quorum quorum) {
        /** A single node, plaintext only (the local stack and the tests). */
        public Config(Path home, Path dataDir, int port, int controllerPort) {
            this(home, dataDir, port, controllerPort, null, null);
        }

        /** A single node. */
        public Config(Path home, Path dataDir, int port, int controllerPort, SaslSsl saslSsl) {
            this(home, dataDir, port, controllerPort, saslSsl, null);
        }

        public Config {
            if (quorum != null && quorum.controllerPorts().get(quorum.nodeId() - 1) != controllerPort) {
                throw new IllegalArgumentException("node " + quorum.nodeId() + "'s controller port is "
                        + quorum.controllerPorts().get(quorum.nodeId() - 1) + " in its quorum, not " + controllerPort);
            }
        }
    }

    /**
     * This node's place in a cluster of several: its id (1..n) and the controller port of every node
     * in id order (all of them vote). The nodes share one cluster id, kept in {@code clusterIdFile}.
     * A cluster of n nodes elects a controller only once a majority runs, so start them side by side;
     * with three, one can stop and the others go on.
     */
    public record Quorum(int nodeId, List<Integer> controllerPorts, Path clusterIdFile) {
        public Quorum {
            controllerPorts = List.copyOf(controllerPorts);
            if (nodeId < 1 || nodeId > controllerPorts.size()) {
                throw new IllegalArgumentException("node id " + nodeId + " is not in 1.." + controllerPorts.size());
            }
        }
    }

    /**
     * A {@code SASL_SSL} listener with SCRAM-SHA-512, as on MSK: the broker's certificate and key
     * in a PKCS12 keystore, and one user whose credential is written when the storage is
     * formatted. The plaintext listener stays (inter-broker, controller, and what the stack's own
     * tooling uses), so a test can compare both.
     */
    public record SaslSsl(int port, Path keystore, String keystorePassword, String user, String password) {
        @Override
        public String toString() {
            return "SaslSsl[port=" + port + ", keystore=" + keystore + ", user=" + user + "]";
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** A training JVM assembles its AOT cache in a child JVM at exit: about 8 s idle, more when busy. */
    private static final Duration TRAINING_GRACE = Duration.ofSeconds(90);
    /** The cache's name: one for every node, as they run the same code. */
    private static final String AOT_NAME = "kafka";
    private final Config config;
    private final AotCache aot;
    private AotCache.Use aotUse = AotCache.Use.OFF;
    private final KafkaFiles files;
    private final LogFile log;
    private ChildProcess process;

    public KafkaServer(Config c) {
        this(c, AotCache.off());
    }

    /** @param aot where the broker's AOT cache is trained and kept ({@link AotCache#off()} for none) */
    public KafkaServer(Config c, AotCache aot) {
        this.config = c;
        this.aot = aot;
        Path dir = c.dataDir().toAbsolutePath();
        this.files = c.quorum() == null ? new KafkaFiles(dir)
                : new KafkaFiles(dir, c.quorum().clusterIdFile().toAbsolutePath());
        this.log = new LogFile(c.dataDir().toAbsolutePath().resolve("kafka.log"));
    }

    @Override
    public String name() {
        return config.quorum() == null || config.quorum().nodeId() == 1 ? "kafka" : "kafka-" + config.quorum().nodeId();
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + config.port();
    }

    /** {@code 127.0.0.1:port} of the SASL_SSL listener. */
    public String saslSslBootstrapServers() {
        if (config.saslSsl() == null) {
            throw new IllegalStateException("this Kafka has no SASL_SSL listener");
        }
        return "127.0.0.1:" + config.saslSsl().port();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree(config.port(), "Kafka");
        Ports.requireFree(config.controllerPort(), "Kafka's controller");
        if (config.saslSsl() != null) {
            Ports.requireFree(config.saslSsl().port(), "Kafka (SASL_SSL)");
        }
        Path lib = Binaries.distLib(config.home(), "dist/kafka", "Kafka");
        Files2.mkdirs(files.logDir());
        Files2.write(files.serverProperties(), config.quorum() == null
                ? KafkaFiles.renderServerProperties(config.port(), config.controllerPort(), files.logDir(), config.saslSsl())
                : KafkaFiles.renderServerProperties(config.port(), files.logDir(), config.saslSsl(),
                        config.quorum().nodeId(), config.quorum().controllerPorts()));
        Files2.write(files.log4jConfig(), KafkaFiles.renderLog4j());
        if (!files.formatted()) {
            List<String> format = javaCommand(lib, "kafka.tools.StorageTool");
            format.addAll(List.of("format", "-c", files.serverProperties().toString(), "-t", files.clusterId()));
            if (config.saslSsl() != null) {
                // KRaft keeps SCRAM credentials in the metadata log: written at format time.
                format.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + config.saslSsl().user() + ",password="
                        + config.saslSsl().password() + "]"));
            }
            Exec.run("Kafka storage format", format, log, Duration.ofSeconds(120));
        }
        List<String> run = javaCommand(lib, "kafka.Kafka");
        run.add(files.serverProperties().toString());
        aot.ended(AOT_NAME, aotUse); // a process that died without stop()
        aotUse = aot.next(AOT_NAME, lib);
        run.addAll(1, aot.options(AOT_NAME, aotUse));
        ChildProcess p = ChildProcess.launch(name().equals("kafka") ? "Kafka" : "Kafka " + name(), run,
                config.dataDir(), log, Map.of());
        try {
            p.awaitReady(config.port(), List.of("Kafka Server started"), READY_TIMEOUT);
        } catch (InfraException e) {
            releaseAot();
            throw e;
        }
        process = p;
    }

    @Override
    public synchronized AotCache.Use aotUse() {
        return aotUse;
    }

    /** The broker's process id, while it runs (a test looks at what it mapped). */
    synchronized long pid() {
        return process.pid();
    }

    private List<String> javaCommand(Path lib, String mainClass) {
        Path java = Binaries.java(Path.of(System.getProperty("java.home")));
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        cmd.addAll(ChildJvm.options());
        cmd.addAll(List.of("-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + files.log4jConfig(),
                "-cp", lib.toAbsolutePath() + "/*", mainClass));
        return cmd;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.alive();
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop(aotUse == AotCache.Use.TRAIN ? TRAINING_GRACE : STOP_GRACE);
            process = null;
        }
        releaseAot();
    }

    private void releaseAot() {
        aot.ended(AOT_NAME, aotUse);
        aotUse = AotCache.Use.OFF;
    }
}
