package dev.parley.ops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.Settings;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.ops.Main;
import dev.parley.ops.Ops;
import dev.parley.ops.OpsException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliCommandTest {
    private final Settings none = Settings.of(Map.of());

    @Test
    void topicsApplyDefaults() {
        assertThat(CliCommand.parse(List.of("topics", "apply"), none))
                .isEqualTo(new CliCommand.TopicsApply("127.0.0.1:19092", KafkaClientSecurity.PLAINTEXT, Path.of("topics.yaml"), 0, 0));
    }

    @Test
    void flagsWinOverSettingsWhichWinOverDefaults() {
        Settings s = Settings.of(Map.of("kafka.bootstrap-servers", "k:1", "cql.keyspace", "ks1"));
        assertThat(CliCommand.parse(List.of("topics", "apply"), s))
                .isEqualTo(new CliCommand.TopicsApply("k:1", KafkaClientSecurity.PLAINTEXT, Path.of("topics.yaml"), 0, 0));
        assertThat(CliCommand.parse(List.of("topics", "apply", "--bootstrap", "k:2", "--file=x.yaml",
                "--replication-factor", "3"), s))
                .isEqualTo(new CliCommand.TopicsApply("k:2", KafkaClientSecurity.PLAINTEXT, Path.of("x.yaml"), 3, 0));
        assertThat(CliCommand.parse(List.of("topics", "apply", "--replication-factor", "3", "--min-insync-replicas=2"), s))
                .isEqualTo(new CliCommand.TopicsApply("k:1", KafkaClientSecurity.PLAINTEXT, Path.of("topics.yaml"), 3, 2));
        assertThat(CliCommand.parse(List.of("cql", "apply"), s))
                .isEqualTo(new CliCommand.CqlApply("127.0.0.1:19042", CqlConnection.PLAIN, "datacenter1", "ks1", Ops.LOCAL_REPLICATION));
        assertThat(CliCommand.parse(List.of("cql", "apply", "--keyspace", "ks2", "--datacenter", "dc9",
                "--contact-point", "c:1", "--replication", "{'class': 'X'}"), s))
                .isEqualTo(new CliCommand.CqlApply("c:1", CqlConnection.PLAIN, "dc9", "ks2", "{'class': 'X'}"));
    }

    @Test
    void theSecurityKeysAreReadForBothCommands() {
        Settings s = Settings.of(Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "AWS_MSK_IAM",
                "cql.username", "parley", "cql.password", "pw", "cql.tls", "true"));
        CliCommand topics = CliCommand.parse(List.of("topics", "apply"), s);
        assertThat(((CliCommand.TopicsApply) topics).security().properties())
                .containsEntry("sasl.mechanism", "AWS_MSK_IAM");
        CliCommand cql = CliCommand.parse(List.of("cql", "apply"), s);
        assertThat(((CliCommand.CqlApply) cql).connection())
                .isEqualTo(new CqlConnection("parley", "pw", true, java.util.Optional.empty()));
        s.validate();
    }

    @Test
    void aContradictionInTheSecurityKeysIsOneFatalLineWithoutTheSecretBeforeAnyConnection() {
        Settings s = Settings.of(Map.of("kafka.security-protocol", "SSL", "kafka.sasl-mechanism", "SCRAM-SHA-512",
                "kafka.sasl-username", "u", "kafka.sasl-password", "very-secret"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"topics", "apply", "--bootstrap", "127.0.0.1:1"}, s,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("FATAL ops: invalid configuration:")
                .contains("needs kafka.security-protocol SASL_SSL").doesNotContain("very-secret");
    }

    @Test
    void badCommandLinesAreOneLineErrors() {
        assertThatThrownBy(() -> CliCommand.parse(List.of("topics", "delete"), none)).isInstanceOf(OpsException.class);
        assertThatThrownBy(() -> CliCommand.parse(List.of("topics", "apply", "--force"), none))
                .hasMessageContaining("unknown option '--force'");
        assertThatThrownBy(() -> CliCommand.parse(List.of("cql", "apply", "--keyspace"), none))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> CliCommand.parse(List.of("topics", "apply", "--replication-factor", "x"), none))
                .hasMessageContaining("not a whole number");
        assertThat(CliCommand.parse(List.of(), none)).isInstanceOf(CliCommand.Help.class);
    }

    @Test
    void mainPrintsOneFatalLineAndExits2OnFailure() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"topics", "apply", "--file", "/nonexistent/topics.yaml"}, none,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("FATAL ops: topics file ").endsWith("not found (--file)"));
        assertThat(out.size()).isZero();
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"help"}, none, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ops topics apply", "ops cql apply");
    }
}
