package dev.parley.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {
    private static final String SECRET = "s3cr\"et\\pa ss";

    private static KafkaClientSecurity read(Map<String, String> values) {
        Settings s = Settings.of(values);
        KafkaClientSecurity k = KafkaClientSecurity.from(s);
        s.validate();
        return k;
    }

    private static String problems(Map<String, String> values) {
        Settings s = Settings.of(values);
        KafkaClientSecurity.from(s);
        try {
            s.validate();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + values.keySet());
    }

    @Test
    void theDefaultIsPlaintextWithNothingElse() {
        KafkaClientSecurity k = read(Map.of());
        assertThat(k).isEqualTo(KafkaClientSecurity.PLAINTEXT);
        assertThat(k.properties()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void sslAloneUsesTheJvmTrustStoreAndAPemFileWhenGiven(@TempDir Path dir) throws Exception {
        assertThat(read(Map.of("kafka.security-protocol", "ssl")).properties())
                .containsExactly(Map.entry("security.protocol", "SSL"));
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(read(Map.of("kafka.security-protocol", "SSL", "kafka.tls-truststore", ca.toString())).properties())
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", ca.toString())
                .doesNotContainKey("sasl.mechanism");
    }

    @Test
    void mskIamIsTheAwsLoginModuleAndCallbackHandlerWhichAreOnTheClassPath() throws Exception {
        Map<String, Object> p = read(Map.of("kafka.security-protocol", "SASL_SSL",
                "kafka.sasl-mechanism", "aws_msk_iam")).properties();
        assertThat(p).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("sasl.jaas.config", new Password("software.amazon.msk.auth.iam.IAMLoginModule required;"))
                .containsEntry("sasl.client.callback.handler.class",
                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
                .doesNotContainKey("ssl.truststore.location");
        // Every service has common's dependencies: the classes Kafka will load by these names are there.
        Class.forName("software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        Class.forName("software.amazon.msk.auth.iam.IAMLoginModule");
        // And Kafka's own config parsing takes them (it instantiates nothing here).
        new ProducerConfig(withBootstrap(p));
    }

    @Test
    void scramQuotesTheCredentialsSoKafkasJaasParserReadsThemBack() {
        KafkaClientSecurity k = read(Map.of("kafka.security-protocol", "SASL_SSL",
                "kafka.sasl-mechanism", "SCRAM-SHA-512", "kafka.sasl-username", "par\"ley",
                "kafka.sasl-password", SECRET));
        Map<String, Object> p = k.properties();
        assertThat(p).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        // Read back by Kafka's own JAAS parser, as the client will.
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", p.get("sasl.jaas.config"))).configurationEntries();
        assertThat(entries).hasSize(1);
        AppConfigurationEntry entry = entries.get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
        Map<String, ?> options = entry.getOptions();
        assertThat(options.get("username")).isEqualTo("par\"ley");
        assertThat(options.get("password")).isEqualTo(SECRET);
        new ProducerConfig(withBootstrap(p));
    }

    @Test
    void theSecretIsInNoStringALogCouldShow() {
        KafkaClientSecurity k = new KafkaClientSecurity("SASL_SSL", "SCRAM-SHA-512", "parley", SECRET, Optional.empty());
        assertThat(k.toString()).contains("parley").doesNotContain(SECRET).contains("password=***");
        assertThat(k.properties().toString()).doesNotContain(SECRET);
        assertThat(problems(Map.of("kafka.security-protocol", "SSL", "kafka.sasl-mechanism", "SCRAM-SHA-512",
                "kafka.sasl-username", "u", "kafka.sasl-password", SECRET))).doesNotContain(SECRET);
        assertThat(problems(Map.of("kafka.sasl-password", SECRET))).doesNotContain(SECRET);
    }

    @Test
    void contradictionsAreRefusedWithWhatToChange(@TempDir Path dir) {
        assertThat(problems(Map.of("kafka.sasl-mechanism", "AWS_MSK_IAM")))
                .contains("kafka.sasl-mechanism AWS_MSK_IAM needs kafka.security-protocol SASL_SSL (is PLAINTEXT)");
        assertThat(problems(Map.of("kafka.security-protocol", "SSL", "kafka.sasl-mechanism", "SCRAM-SHA-512",
                "kafka.sasl-username", "u", "kafka.sasl-password", "p"))).contains("needs kafka.security-protocol SASL_SSL");
        assertThat(problems(Map.of("kafka.security-protocol", "SASL_SSL")))
                .contains("kafka.security-protocol SASL_SSL needs kafka.sasl-mechanism AWS_MSK_IAM or SCRAM-SHA-512");
        assertThat(problems(Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "SCRAM-SHA-512",
                "kafka.sasl-username", "u"))).contains("needs kafka.sasl-username and kafka.sasl-password");
        assertThat(problems(Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "AWS_MSK_IAM",
                "kafka.sasl-username", "u", "kafka.sasl-password", "p")))
                .contains("are only for kafka.sasl-mechanism SCRAM-SHA-512");
        assertThat(problems(Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "SCRAM-SHA-512",
                "kafka.sasl-username", "u", "kafka.sasl-password", "p\nq"))).contains("control characters");
        assertThat(problems(Map.of("kafka.security-protocol", "TLS"))).contains("kafka.security-protocol = 'TLS'")
                .contains("must be one of PLAINTEXT, SSL, SASL_SSL");
        assertThat(problems(Map.of("kafka.security-protocol", "SASL_SSL", "kafka.sasl-mechanism", "PLAIN")))
                .contains("must be one of none, AWS_MSK_IAM, SCRAM-SHA-512");
        assertThat(problems(Map.of("kafka.security-protocol", "SSL",
                "kafka.tls-truststore", dir.resolve("missing.pem").toString()))).contains("is not a readable file");
        assertThat(problems(Map.of("kafka.security-protocol", "SSL", "kafka.tls-truststore", dir.toString())))
                .contains("is not a readable file");
        assertThatThrownBy(() -> new KafkaClientSecurity("SASL_SSL", "none", "", "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs kafka.sasl-mechanism");
    }

    @Test
    void aTruststoreWithPlaintextIsRefused(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        assertThat(problems(Map.of("kafka.tls-truststore", ca.toString())))
                .contains("kafka.tls-truststore is set but kafka.security-protocol is PLAINTEXT");
    }

    @Test
    void appliesToClientMapsAndProperties() {
        KafkaClientSecurity k = new KafkaClientSecurity("SSL", "none", "", "", Optional.empty());
        Map<String, Object> map = k.applyTo(new HashMap<>(Map.of("bootstrap.servers", "b:1")));
        assertThat(map).containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers", "b:1");
        Properties props = k.applyTo(new Properties());
        assertThat(props).containsEntry("security.protocol", "SSL");
    }

    private static Map<String, Object> withBootstrap(Map<String, Object> p) {
        Map<String, Object> all = new HashMap<>(p);
        all.put("bootstrap.servers", "b:9098");
        all.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        all.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        return all;
    }
}
