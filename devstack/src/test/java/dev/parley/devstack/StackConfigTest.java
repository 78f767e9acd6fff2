package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {
    private static final Path HOME = Path.of("/srv/parley");

    @Test
    void defaultsAreTheDocumentedPortsAndDataUnderHome() {
        StackConfig c = StackConfig.defaults(HOME);
        assertThat(c.home()).isEqualTo(HOME);
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/parley/.parley/data"));
        assertThat(c.logsDir()).isEqualTo(Path.of("/srv/parley/.parley/data/logs"));
        assertThat(new int[] {c.edgePort(), c.authPort(), c.kafkaPort(), c.kafkaControllerPort(), c.cqlPort(),
                c.redisPort(), c.postgresPort()})
                .containsExactly(8080, 8081, 19092, 19093, 19042, 16379, 15432);
        assertThat(c.startServices()).isTrue();
    }

    @Test
    void emptySettingsGiveTheDefaults() {
        assertThat(StackConfig.from(HOME, Settings.of(Map.of()))).isEqualTo(StackConfig.defaults(HOME));
    }

    @Test
    void settingsOverrideEveryKey() {
        StackConfig c = StackConfig.from(HOME, Settings.of(Map.ofEntries(
                Map.entry("devstack.data-dir", "/tmp/stack"),
                Map.entry("devstack.edge-port", "9080"),
                Map.entry("devstack.auth-port", "9081"),
                Map.entry("devstack.kafka-port", "29092"),
                Map.entry("devstack.kafka-controller-port", "29093"),
                Map.entry("devstack.cql-port", "29042"),
                Map.entry("devstack.cql-storage-port", "27000"),
                Map.entry("devstack.cql-jmx-port", "27199"),
                Map.entry("devstack.redis-port", "26379"),
                Map.entry("devstack.postgres-port", "25432"),
                Map.entry("devstack.start-services", "false"),
                Map.entry("devstack.aot-cache-dir", "/tmp/aot"),
                Map.entry("devstack.kafka-brokers", "3"),
                Map.entry("devstack.redis-replicas", "1"))));
        assertThat(c).isEqualTo(new StackConfig(HOME, Path.of("/tmp/stack"), 9080, 9081, 29092, 29093, 29042,
                27000, 27199, 26379, 25432, false, Map.of(), Path.of("/tmp/aot"), 3, 1));
    }

    @Test
    void redisReplicasBringThreeSentinelsOnThePortsAfterThem() {
        StackConfig c = StackConfig.defaults(HOME).withRedisReplicas(2);
        assertThat(StackConfig.defaults(HOME).redisReplicas()).isZero();
        assertThat(new int[] {c.redisReplicaPort(1), c.redisReplicaPort(2), c.redisSentinelPort(1),
                c.redisSentinelPort(3)}).containsExactly(16380, 16381, 16382, 16384);
        assertThat(c.ports()).containsEntry("Redis replica 2 (devstack.redis-port + 2)", 16381)
                .containsEntry("Redis Sentinel 3 (devstack.redis-port + 5)", 16384)
                .hasSize(StackConfig.defaults(HOME).ports().size() + 5);
        assertThat(c.portClashes()).isEmpty();
        Settings clash = Settings.of(Map.of("devstack.redis-replicas", "1", "devstack.postgres-port", "16381"));
        assertThatThrownBy(() -> validated(clash)).hasMessageContaining(
                "PostgreSQL (devstack.postgres-port) and Redis Sentinel 1 (devstack.redis-port + 2) both use port 16381");
        assertThatThrownBy(() -> validated(Settings.of(Map.of("devstack.redis-replicas", "3"))))
                .hasMessageContaining("devstack.redis-replicas");
    }

    @Test
    void aKafkaClusterTakesTwoPortsPerNodeAfterTheFirstNodesAndChecksThemAll() {
        StackConfig c = StackConfig.defaults(HOME).withKafkaBrokers(3);
        assertThat(StackConfig.defaults(HOME).kafkaBrokers()).isEqualTo(1);
        assertThat(new int[] {c.kafkaPort(1), c.kafkaControllerPort(1), c.kafkaPort(2), c.kafkaControllerPort(2),
                c.kafkaPort(3), c.kafkaControllerPort(3)}).containsExactly(19092, 19093, 19094, 19095, 19096, 19097);
        assertThat(c.ports()).hasSize(13).containsEntry("Kafka node 3 (devstack.kafka-port + 4)", 19096);
        assertThat(c.portClashes()).isEmpty();
        Settings clash = Settings.of(Map.of("devstack.kafka-brokers", "2", "devstack.redis-port", "19094"));
        assertThatThrownBy(() -> validated(clash)).hasMessageContaining(
                "Kafka node 2 (devstack.kafka-port + 2) and Redis (devstack.redis-port) both use port 19094");
        assertThatThrownBy(() -> validated(Settings.of(Map.of("devstack.kafka-brokers", "6"))))
                .hasMessageContaining("devstack.kafka-brokers = 6 is out of range");
        assertThatThrownBy(() -> validated(Settings.of(Map.of("devstack.kafka-brokers", "3", "devstack.kafka-port", "65531"))))
                .hasMessageContaining("devstack.kafka-brokers = 3 needs ports up to devstack.kafka-port + 5, past 65535");
    }

    @Test
    void aotCachesAreKeptUnderParleyByDefaultAndNoneTurnsThemOff() {
        assertThat(StackConfig.defaults(HOME).aotCacheDir()).isEqualTo(HOME.resolve(".parley/aot"));
        assertThat(StackConfig.from(HOME, Settings.of(Map.of("devstack.aot-cache-dir", "none"))).aotCacheDir()).isNull();
        assertThat(StackConfig.forTests(HOME, Path.of("/tmp/it")).aotCacheDir()).as("tests stop many processes").isNull();
    }

    @Test
    void environmentVariableNamesWorkToo() {
        StackConfig c = StackConfig.from(HOME, Settings.layered(Map.of(),
                Map.of(Settings.envName("devstack.redis-port"), "26379"), Map.of()));
        assertThat(c.redisPort()).isEqualTo(26379);
    }

    @Test
    void aRelativeDataDirIsTakenFromHome() {
        StackConfig c = StackConfig.from(HOME, Settings.of(Map.of("devstack.data-dir", "run/../data")));
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/parley/data"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Settings s = Settings.of(Map.of(
                "devstack.edge-port", "eighty",
                "devstack.kafka-port", "70000",
                "devstack.start-services", "maybe"));
        assertThatThrownBy(() -> validated(s))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("devstack.edge-port = 'eighty' is not a whole number")
                .hasMessageContaining("devstack.kafka-port = 70000 is out of range")
                .hasMessageContaining("devstack.start-services = 'maybe' is not true or false");
    }

    @Test
    void twoPartsOnOnePortAreRejected() {
        Settings s = Settings.of(Map.of("devstack.redis-port", "8080"));
        assertThatThrownBy(() -> validated(s))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge (devstack.edge-port) and Redis (devstack.redis-port) both use port 8080");
    }

    @Test
    void withoutServicesTheirPortsAreNeitherCheckedNorReserved() {
        StackConfig c = StackConfig.from(HOME, Settings.of(Map.of(
                "devstack.start-services", "false", "devstack.redis-port", "8080")));
        assertThat(c.ports()).doesNotContainKeys("auth (devstack.auth-port)", "edge (devstack.edge-port)")
                .containsEntry("Redis (devstack.redis-port)", 8080);
    }

    @Test
    void portsNameEveryPortWithItsKey() {
        assertThat(StackConfig.defaults(HOME).ports()).hasSize(9)
                .allSatisfy((what, port) -> assertThat(what).contains("(devstack."))
                .containsEntry("Cassandra JMX (devstack.cql-jmx-port)", 17199);
    }

    @Test
    void forTestsPicksNineDistinctPorts() {
        StackConfig c = StackConfig.forTests(HOME, Path.of("/tmp/it"));
        assertThat(new HashSet<>(c.ports().values())).hasSize(9);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/it"));
        assertThat(c.startServices()).isTrue();
    }

    private static StackConfig validated(Settings s) {
        StackConfig c = StackConfig.from(HOME, s);
        s.validate();
        return c;
    }
}
