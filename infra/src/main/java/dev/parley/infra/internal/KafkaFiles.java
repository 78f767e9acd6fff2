package dev.parley.infra.internal;

import dev.parley.common.kafka.BrokerSettings;
import dev.parley.infra.KafkaServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** The files a single combined KRaft node (broker + controller) runs from, all inside its data dir. */
public final class KafkaFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dataDir;

    public KafkaFiles(Path dataDir) {
        this.dataDir = dataDir;
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
        return dataDir.resolve("cluster-id");
    }

    /** Formatted once: the storage tool writes meta.properties into the log dir. */
    public boolean formatted() {
        return Files.exists(logDir().resolve("meta.properties"));
    }

    /** The cluster id kept in the data dir, created the first time. */
    public String clusterId() {
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

    /** Replication factor 1 everywhere: there is one broker. Few internal partitions: start-up speed. */
    public static String renderServerProperties(int port, int controllerPort, Path logDir) {
        return renderServerProperties(port, controllerPort, logDir, null);
    }

    /** As above, with a SASL_SSL (SCRAM-SHA-512) listener when {@code saslSsl} is not null. */
    public static String renderServerProperties(int port, int controllerPort, Path logDir, KafkaServer.SaslSsl saslSsl) {
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
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
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
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0"));
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
