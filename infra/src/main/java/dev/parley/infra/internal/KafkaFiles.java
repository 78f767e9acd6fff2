package dev.parley.infra.internal;

import dev.parley.common.kafka.BrokerSettings;
import dev.parley.infra.KafkaServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The files a combined KRaft node (broker + controller) runs from, all inside its data dir; the
 * nodes of one cluster share one cluster id file.
 */
public final class KafkaFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dataDir;
    private final Path clusterIdFile;

    public KafkaFiles(Path dataDir) {
        this(dataDir, dataDir.resolve("cluster-id"));
    }

    public KafkaFiles(Path dataDir, Path clusterIdFile) {
        this.dataDir = dataDir;
        this.clusterIdFile = clusterIdFile;
    }

    public Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    public Path log4jConfig() {
        return dataDir.resolve("log4j2.properties");
    }

    public Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    public Path clusterIdFile() {
        return clusterIdFile;
    }

    /** Formatted once: the storage tool writes meta.properties into the log dir. */
    public boolean formatted() {
        return Files.exists(logDir().resolve("meta.properties"));
    }

    /** The cluster id kept in its file, created the first time (nodes of a cluster start side by side). */
    public String clusterId() {
        synchronized (KafkaFiles.class) {
            return readOrCreateClusterId();
        }
    }

    private String readOrCreateClusterId() {
        Path f = clusterIdFile();
        try {
            if (Files.exists(f)) {
                return Files.readString(f).strip();
            }
        } catch (IOException e) {
            // rewritten below
        }
        String id = newClusterId();
        Files2.write(f, id + "\n");
        return id;
    }

    /** A Kafka Uuid in its base64 form; a leading '-' would read as an option on the command line. */
    static String newClusterId() {
        while (true) {
            byte[] b = new byte[16];
            RANDOM.nextBytes(b);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            if (Character.isLetterOrDigit(id.charAt(0))) {
                return id;
            }
        }
    }

    /** One node: replication factor 1 everywhere. Few internal partitions: start-up speed. */
    public static String renderServerProperties(int port, int controllerPort, Path logDir) {
        return renderServerProperties(port, controllerPort, logDir, null);
    }

    /** As above, with a SASL_SSL (SCRAM-SHA-512) listener when {@code saslSsl} is not null. */
    public static String renderServerProperties(int port, int controllerPort, Path logDir, KafkaServer.SaslSsl saslSsl) {
        return renderServerProperties(port, logDir, saslSsl, 1, List.of(controllerPort));
    }

    /**
     * Node {@code nodeId} of a cluster whose nodes 1..n are all broker and controller, node i's
     * controller on {@code controllerPorts[i-1]}. On more than one node every topic Kafka or a
     * client creates without saying otherwise (internal ones, Kafka Streams' changelogs) gets three
     * replicas (fewer on two nodes) and accepts writes with one of them down.
     */
    public static String renderServerProperties(int port, Path logDir, KafkaServer.SaslSsl saslSsl, int nodeId,
            List<Integer> controllerPorts) {
        if (nodeId < 1 || nodeId > controllerPorts.size()) {
            throw new IllegalArgumentException("node " + nodeId + " of " + controllerPorts.size());
        }
        int controllerPort = controllerPorts.get(nodeId - 1);
        int replicas = Math.min(3, controllerPorts.size());
        int minIsr = Math.max(1, replicas - 1);
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < controllerPorts.size(); i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts.get(i));
        }
        List<String> secured = saslSsl == null ? List.of() : List.of(
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.sasl_ssl.ssl.keystore.type=PKCS12",
                "listener.name.sasl_ssl.ssl.keystore.location=" + saslSsl.keystore().toAbsolutePath(),
                "listener.name.sasl_ssl.ssl.keystore.password=" + saslSsl.keystorePassword(),
                "listener.name.sasl_ssl.ssl.key.password=" + saslSsl.keystorePassword());
        String sslListener = saslSsl == null ? "" : ",SASL_SSL://127.0.0.1:" + saslSsl.port();
        List<String> lines = new java.util.ArrayList<>(List.of(
                "# Written by parley-infra on every start; edits are lost.",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + sslListener + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + sslListener,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
                        + (saslSsl == null ? "" : ",SASL_SSL:SASL_SSL")));
        lines.addAll(secured);
        lines.addAll(List.of(
                "log.dirs=" + logDir.toAbsolutePath(),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=" + replicas,
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + minIsr,
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=" + replicas,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "group.initial.rebalance.delay.ms=0",
                "group.streams.initial.rebalance.delay.ms=0"));
        if (replicas > 1) {
            lines.add("default.replication.factor=" + replicas);
            lines.add("min.insync.replicas=" + minIsr);
        }
        BrokerSettings.FAILOVER.forEach((k, v) -> lines.add(k + "=" + v));
        lines.add("");
        return String.join("\n", lines);
    }

    public static String renderLog4j() {
        return String.join("\n", List.of(
                "# Written by parley-infra: everything to stdout, which goes to kafka.log.",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.state.name = state.change.logger",
                "logger.state.level = WARN",
                ""));
    }
}
