package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.topology.internal.DeadLetterHandler;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {
    @Test
    void defaultsMatchTheContract() {
        TopologyConfig c = TopologyConfig.from(Settings.of(Map.of()));
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.applicationId()).isEqualTo("parley-topology");
        assertThat(c.rateSustainedPerSecond()).isEqualTo(10);
        assertThat(c.rateBurst()).isEqualTo(20);
        assertThat(c.dedupeWindow()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void keysAreReadFromSettings() {
        Settings s = Settings.of(Map.of("kafka.bootstrap-servers", "k:9092", "topology.application-id", "app",
                "topology.state-dir", "/var/lib/t", "topology.rate.burst", "5", "topology.dedupe-window", "1h"));
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        assertThat(c).extracting(TopologyConfig::bootstrapServers, TopologyConfig::applicationId,
                        TopologyConfig::stateDir, TopologyConfig::rateBurst, TopologyConfig::dedupeWindow)
                .containsExactly("k:9092", "app", Path.of("/var/lib/t"), 5, Duration.ofHours(1));
    }

    @Test
    void readinessWaitsForTheJitUpToFortyFiveSecondsByDefaultAndAtMostFiveMinutes() {
        assertThat(TopologyConfig.from(Settings.of(Map.of())).warmUpWait()).isEqualTo(Duration.ofSeconds(45));
        Settings off = Settings.of(Map.of(TopologyConfig.WARM_UP_WAIT, "0s"));
        assertThat(TopologyConfig.from(off).warmUpWait()).isZero();
        off.validate();

        Settings tooLong = Settings.of(Map.of(TopologyConfig.WARM_UP_WAIT, "6m"));
        TopologyConfig.from(tooLong);
        assertThatThrownBy(tooLong::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topology.warm-up-wait must be at most 5m");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Settings s = Settings.of(Map.of("topology.rate.burst", "0", "topology.dedupe-window", "0s",
                "topology.rate.sustained-per-second", "fast"));
        TopologyConfig.from(s);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topology.rate.burst").hasMessageContaining("topology.dedupe-window")
                .hasMessageContaining("topology.rate.sustained-per-second");
    }

    @Test
    void streamsRunExactlyOnceWithLowLatencyAndDeadLettering() {
        Properties p = TopologyConfig.from(Settings.of(Map.of())).streamsProperties();
        assertThat(p).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L) // the catch-up interval; CommitPacer asks for 10 ms
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 1L)
                .containsEntry("producer.linger.ms", 0L)
                .containsEntry("producer.retry.backoff.ms", 10L)
                .containsEntry("producer.transaction.timeout.ms", 2_000)
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        // Only the restore consumer's fetch waits less; the main consumer keeps Kafka's default.
        StreamsConfig effective = new StreamsConfig(p);
        assertThat(effective.getRestoreConsumerConfigs("c")).containsEntry("fetch.max.wait.ms", 50);
        assertThat(effective.getMainConsumerConfigs("g", "c", 0)).doesNotContainKey("fetch.max.wait.ms");
    }

    @Test
    void underTheStreamsProtocolTheSessionHeartbeatAndStandbysAreGroupConfigs() {
        TopologyConfig c = TopologyConfig.from(Settings.of(Map.of("topology.group-protocol", "streams")));
        // The client would ignore them (with a warning): the broker holds them for the group.
        assertThat(c.streamsProperties()).containsEntry(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams")
                .doesNotContainKeys("consumer.session.timeout.ms", "consumer.heartbeat.interval.ms",
                        StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG);
        assertThat(c.groupConfigs()).isEqualTo(Map.of("streams.session.timeout.ms", "2000",
                "streams.heartbeat.interval.ms", "666", "streams.num.standby.replicas", "1"));
    }

    @Test
    void underTheClassicProtocolTheDefaultTheClientCarriesThemAndTheGroupHasNone() {
        Settings s = Settings.of(Map.of("topology.standby-replicas", "2"));
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        assertThat(c.tuning().groupProtocol()).isEqualTo(TopologyConfig.GroupProtocol.CLASSIC);
        assertThat(c.streamsProperties()).containsEntry(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .containsEntry("consumer.session.timeout.ms", 2_000)
                .containsEntry("consumer.heartbeat.interval.ms", 666)
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 2);
        assertThat(c.groupConfigs()).isEmpty();
    }

    @Test
    void anUnknownGroupProtocolIsRefused() {
        Settings s = Settings.of(Map.of("topology.group-protocol", "consumer"));
        TopologyConfig.from(s);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topology.group-protocol must be classic or streams, not 'consumer'");
    }

    @Test
    void theKafkaSecurityReachesEveryClientOfStreamsAndSurvivesTheCopies() {
        Settings s = Settings.of(Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "AWS_MSK_IAM"));
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        for (TopologyConfig copy : List.of(c, c.withApplicationId("shadow-x"), c.withTopics(TopologyTopics.LIVE))) {
            assertThat(copy.streamsProperties()).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                    .containsEntry("sasl.client.callback.handler.class",
                            "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        }
        assertThat(TopologyConfig.from(Settings.of(Map.of())).streamsProperties())
                .containsEntry("security.protocol", "PLAINTEXT").doesNotContainKey("sasl.mechanism");
    }

    @Test
    void theLatencySettingsCanBeSetBackToKafkaStreamsDefaults() {
        Settings s = Settings.of(Map.of("topology.commit-interval", "100ms", "topology.poll-timeout", "100ms",
                "topology.producer-linger", "100ms", "topology.session-timeout", "45s"));
        Properties p = TopologyConfig.from(s).streamsProperties();
        s.validate();
        assertThat(p).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
                .containsEntry(StreamsConfig.POLL_MS_CONFIG, 100L)
                .containsEntry("producer.linger.ms", 100L)
                .containsEntry("consumer.session.timeout.ms", 45_000)
                .containsEntry("consumer.heartbeat.interval.ms", 3000);
    }

    @Test
    void aSessionTimeoutOutsideTheBrokersBoundsOrANegativeCommitIntervalIsRefused() {
        Settings s = Settings.of(Map.of("topology.session-timeout", "500ms", "topology.commit-interval", "-1ms"));
        TopologyConfig.from(s);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topology.session-timeout").hasMessageContaining("topology.commit-interval");
    }

    @Test
    void theTransactionTimeoutGoesToTheProducerAndMustOutlastACommitInterval() {
        Settings ok = Settings.of(Map.of("topology.transaction-timeout", "3s"));
        TopologyConfig c = TopologyConfig.from(ok);
        ok.validate();
        assertThat(c.streamsProperties()).containsEntry("producer.transaction.timeout.ms", 3000);

        for (Map<String, String> bad : List.of(Map.of("topology.transaction-timeout", "500ms"),
                Map.of("topology.transaction-timeout", "16m"),
                Map.of("topology.transaction-timeout", "2s", "topology.catch-up.commit-interval", "2s"))) {
            Settings s = Settings.of(bad);
            TopologyConfig.from(s);
            assertThatThrownBy(s::validate).as(bad.toString()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("topology.transaction-timeout");
        }
    }

    @Test
    void zeroCommitIntervalsCommitAfterEveryProcessedBatch() {
        Settings s = Settings.of(Map.of("topology.commit-interval", "0ms", "topology.catch-up.commit-interval", "0ms"));
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        assertThat(c.streamsProperties()).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 0L);
    }

    @Test
    void streamsCommitsAtTheCatchUpIntervalAndThePacerAsksForTheShortOne() {
        Settings s = Settings.of(Map.of());
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        assertThat(c.streamsProperties()).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
        assertThat(c.tuning().commitInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.tuning().catchUpAfter()).isEqualTo(Duration.ofMillis(200));

        Settings shorter = Settings.of(Map.of("topology.commit-interval", "50ms", "topology.catch-up.commit-interval", "20ms"));
        TopologyConfig.from(shorter);
        assertThatThrownBy(shorter::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topology.catch-up.commit-interval must be at least topology.commit-interval");
    }

    @Test
    void everyKeyIsDocumentedInConfigMd() throws IOException {
        String doc = Files.readString(Path.of("CONFIG.md"));
        Arrays.stream(TopologyConfig.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                })
                .forEach(key -> assertThat(doc).contains("`" + key + "`").contains("`" + Settings.envName(key) + "`"));
        List<ConfigKey<?>> declared = new ArrayList<>(ObserveConfig.ALL);
        declared.add(SharedKeys.KAFKA_BOOTSTRAP_SERVERS);
        declared.addAll(KafkaClientSecurity.KEYS);
        for (ConfigKey<?> k : declared) {
            assertThat(doc).contains(k.docRow());
        }
    }

    @Test
    void theObserveKeysAreRead() {
        Settings s = Settings.of(Map.of("observe.host", "0.0.0.0", "observe.port", "0",
                "observe.otlp-endpoint", "http://collector:4318/v1/traces", "observe.trace-ratio", "0.25",
                "observe.log-hops", "true"));
        TopologyConfig c = TopologyConfig.from(s);
        s.validate();
        assertThat(c.observe()).isEqualTo(new ObserveConfig("0.0.0.0", 0,
                Optional.of(URI.create("http://collector:4318/v1/traces")), 0.25, true));
        assertThat(TopologyConfig.from(Settings.of(Map.of())).observe().port()).isEqualTo(9400);
    }

    @Test
    void aBadObserveValueIsReportedWithTheOthers() {
        Settings s = Settings.of(Map.of("observe.port", "70000", "observe.trace-ratio", "2",
                "topology.rate.burst", "0"));
        TopologyConfig.from(s);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("observe.port").hasMessageContaining("observe.trace-ratio")
                .hasMessageContaining("topology.rate.burst");
    }
}
