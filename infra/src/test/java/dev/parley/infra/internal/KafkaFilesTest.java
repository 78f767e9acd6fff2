package dev.parley.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaFilesTest {

    @Test
    void serverPropertiesDescribeOneCombinedNodeOnTheGivenPorts() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaFiles.renderServerProperties(29092, 29093, Path.of("/data/kafka-logs"))));
        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:29093");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/data/kafka-logs");
        for (String key : new String[] {"offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor"}) {
            assertThat(p.getProperty(key)).as(key).isEqualTo("1");
        }
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        assertThat(p.getProperty("group.streams.initial.rebalance.delay.ms")).isEqualTo("0");
        // What the services' failover settings need of the broker (dev.parley.common.kafka.BrokerSettings).
        assertThat(p.getProperty("group.min.session.timeout.ms")).isEqualTo("1000");
        assertThat(p.getProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms")).isEqualTo("250");
        assertThat(p.getProperty("offsets.topic.segment.bytes")).isEqualTo("1048576");
        assertThat(p.getProperty("transaction.state.log.segment.bytes")).isEqualTo("1048576");
    }

    @Test
    void aClusterNodeVotesWithEveryNodeAndTopicsGetThreeReplicasWritableWithOneDown() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaFiles.renderServerProperties(29094, Path.of("/data/kafka-logs"), null, 2,
                List.of(29093, 29095, 29097))));
        assertThat(p.getProperty("node.id")).isEqualTo("2");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29094,CONTROLLER://127.0.0.1:29095");
        assertThat(p.getProperty("controller.quorum.voters"))
                .isEqualTo("1@127.0.0.1:29093,2@127.0.0.1:29095,3@127.0.0.1:29097");
        for (String key : new String[] {"offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "share.coordinator.state.topic.replication.factor", "default.replication.factor"}) {
            assertThat(p.getProperty(key)).as(key).isEqualTo("3");
        }
        for (String key : new String[] {"transaction.state.log.min.isr", "share.coordinator.state.topic.min.isr",
                "min.insync.replicas"}) {
            assertThat(p.getProperty(key)).as(key).isEqualTo("2");
        }
        Properties two = new Properties();
        two.load(new StringReader(KafkaFiles.renderServerProperties(29094, Path.of("/d"), null, 1, List.of(29093, 29095))));
        assertThat(two.getProperty("default.replication.factor")).isEqualTo("2");
        assertThat(two.getProperty("min.insync.replicas")).isEqualTo("1");
        Properties one = new Properties();
        one.load(new StringReader(KafkaFiles.renderServerProperties(29092, 29093, Path.of("/d"))));
        assertThat(one.getProperty("default.replication.factor")).isNull(); // Kafka's own default, 1
        assertThatThrownBy(() -> KafkaFiles.renderServerProperties(29094, Path.of("/d"), null, 4, List.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNodesOfAClusterShareOneClusterId(@TempDir Path dir) {
        Path shared = dir.resolve("kafka").resolve("cluster-id");
        String id = new KafkaFiles(dir.resolve("kafka"), shared).clusterId();
        assertThat(new KafkaFiles(dir.resolve("kafka-2"), shared).clusterId()).isEqualTo(id);
        assertThat(new KafkaFiles(dir.resolve("kafka")).clusterId()).isEqualTo(id); // node 1's own file
    }

    @Test
    void aSaslSslListenerIsAddedBesideThePlaintextOneOnlyWhenAsked() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaFiles.renderServerProperties(29092, 29093, Path.of("/data/kafka-logs"),
                new dev.parley.infra.KafkaServer.SaslSsl(29094, Path.of("/tls/server.p12"), "kpw", "parley", "secret"))));
        assertThat(p.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:29092,SASL_SSL://127.0.0.1:29094,CONTROLLER://127.0.0.1:29093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092,SASL_SSL://127.0.0.1:29094");
        assertThat(p.getProperty("listener.security.protocol.map")).contains("SASL_SSL:SASL_SSL");
        assertThat(p.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(p.getProperty("sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
        assertThat(p.getProperty("listener.name.sasl_ssl.ssl.keystore.location")).isEqualTo("/tls/server.p12");
        assertThat(p.getProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config")).contains("ScramLoginModule");
        assertThat(p.toString()).doesNotContain("secret"); // the user's password goes to the format step only
        Properties plain = new Properties();
        plain.load(new StringReader(KafkaFiles.renderServerProperties(29092, 29093, Path.of("/d"))));
        assertThat(plain.stringPropertyNames()).noneMatch(k -> k.contains("sasl"));
    }

    @Test
    void theClusterIdIsCreatedOnceAndKeptInTheDataDir(@TempDir Path dir) {
        KafkaFiles files = new KafkaFiles(dir);
        String id = files.clusterId();
        assertThat(id).matches("[A-Za-z0-9][A-Za-z0-9_-]{21}");
        assertThat(new KafkaFiles(dir).clusterId()).isEqualTo(id);
        assertThat(files.clusterIdFile()).exists();
    }

    @Test
    void storageCountsAsFormattedOnceMetaPropertiesExists(@TempDir Path dir) throws Exception {
        KafkaFiles files = new KafkaFiles(dir);
        assertThat(files.formatted()).isFalse();
        Files.createDirectories(files.logDir());
        Files.writeString(files.logDir().resolve("meta.properties"), "cluster.id=x\n");
        assertThat(files.formatted()).isTrue();
    }

    @Test
    void log4jSendsEverythingToStdout() {
        assertThat(KafkaFiles.renderLog4j()).contains("appender.console.type = Console", "rootLogger.level = INFO");
    }
}
