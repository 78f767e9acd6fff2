package dev.parley.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraFilesTest {
    private final Path data = Path.of("/tmp/c");

    @Test
    void securedMeansPasswordsAndTlsOnTheNativePortAndPlainMeansNeither() {
        Path data = Path.of("/tmp/c");
        String secured = CassandraFiles.renderYaml(data, 29042, 29000,
                new dev.parley.infra.CassandraServer.Secured(Path.of("/tls/server.p12"), "kpw"));
        assertThat(secured).contains("authenticator: PasswordAuthenticator", "client_encryption_options:",
                "  enabled: true", "  optional: false", "  keystore: /tls/server.p12", "  store_type: PKCS12");
        String plain = CassandraFiles.renderYaml(data, 29042, 29000);
        assertThat(plain).contains("authenticator: AllowAllAuthenticator").doesNotContain("client_encryption_options");
    }

    @Test
    void yamlPutsEveryPortAndDirectoryWhereWeSay() {
        String yaml = CassandraFiles.renderYaml(data, 29042, 29000);
        assertThat(yaml).contains(
                "native_transport_port: 29042",
                "storage_port: 29000",
                "seeds: \"127.0.0.1:29000\"",
                "  - /tmp/c/data",
                "commitlog_directory: /tmp/c/commitlog",
                "hints_directory: /tmp/c/hints",
                "saved_caches_directory: /tmp/c/saved_caches",
                "cdc_raw_directory: /tmp/c/cdc_raw",
                "num_tokens: 1",
                "endpoint_snitch: SimpleSnitch",
                "storage_compatibility_mode: NONE");
        assertThat(yaml).doesNotContain("\t");
    }

    @Test
    void commandRunsTheDaemonOnTheGivenJdkWithJdk17FlagsHeapAndJmxPort() {
        List<String> cmd = CassandraFiles.command(Path.of("/jdk17/bin/java"), Path.of("/lib"),
                Path.of("/lib/jamm-0.4.0.jar"), data, 27199);
        assertThat(cmd.get(0)).isEqualTo("/jdk17/bin/java");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo("org.apache.cassandra.service.CassandraDaemon");
        assertThat(cmd).contains("-Xms512m", "-Xmx1g", "-Dcassandra.jmx.local.port=27199",
                "-Dcassandra-foreground=yes", "-Dcassandra.ring_delay_ms=0",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-javaagent:/lib/jamm-0.4.0.jar",
                "-Dcassandra.config=file:///tmp/c/conf/cassandra.yaml", "/tmp/c/conf:/lib/*");
        assertThat(cmd).containsSubsequence("--add-opens", "java.base/java.lang=ALL-UNNAMED");
        assertThat(cmd).containsSubsequence("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");
    }

    @Test
    void withoutJammThereIsNoAgent() {
        List<String> cmd = CassandraFiles.command(Path.of("java"), Path.of("/lib"), null, data, 1);
        assertThat(cmd).noneMatch(a -> a.startsWith("-javaagent"));
    }
}
