package dev.parley.common.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.auth.ProgrammaticPlainTextAuthProvider;
import com.datastax.oss.driver.api.core.session.ProgrammaticArguments;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint;
import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CqlConnectionTest {
    private static final String SECRET = "scylla-cloud-pass";

    /** A builder whose programmatic arguments (credentials, TLS) can be looked at without connecting. */
    private static final class Probe extends CqlSessionBuilder {
        ProgrammaticArguments args() {
            return programmaticArgumentsBuilder.build();
        }
    }

    private static Path ca() throws Exception {
        return Path.of(CqlConnectionTest.class.getResource("/tls/ca.pem").toURI());
    }

    private static CqlConnection read(Map<String, String> values) {
        Settings s = Settings.of(values);
        CqlConnection c = CqlConnection.from(s);
        s.validate();
        return c;
    }

    @Test
    void theDefaultChangesNothingOnTheBuilder() {
        assertThat(read(Map.of())).isEqualTo(CqlConnection.PLAIN);
        ProgrammaticArguments args = CqlConnection.PLAIN.configure(new Probe()).args();
        assertThat(args.getAuthProvider()).isNull();
        assertThat(args.getSslEngineFactory()).isNull();
    }

    @Test
    void credentialsBecomeThePlainTextAuthProvider() {
        CqlConnection c = read(Map.of("cql.username", "parley", "cql.password", SECRET));
        assertThat(c.configure(new Probe()).args().getAuthProvider())
                .isInstanceOf(ProgrammaticPlainTextAuthProvider.class);
        assertThat(c.toString()).contains("parley").doesNotContain(SECRET);
    }

    @Test
    void tlsChecksTheHostNameAgainstTheCertificate() throws Exception {
        CqlConnection c = read(Map.of("cql.tls", "true"));
        var factory = c.configure(new Probe()).args().getSslEngineFactory();
        assertThat(factory).isInstanceOf(ProgrammaticSslEngineFactory.class);
        SSLEngine engine = factory.newSslEngine(new DefaultEndPoint(InetSocketAddress.createUnresolved("node1.scylla.example", 9142)));
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(engine.getPeerHost()).isEqualTo("node1.scylla.example");
        assertThat(c.sslContext()).isSameAs(SSLContext.getDefault());
    }

    @Test
    void aPemTruststoreIsWhatIsTrusted() throws Exception {
        CqlConnection c = read(Map.of("cql.tls", "yes", "cql.tls-truststore", ca().toString()));
        assertThat(c.truststore()).contains(ca());
        SSLContext ctx = c.sslContext();
        assertThat(ctx).isNotSameAs(SSLContext.getDefault());
        assertThat(c.configure(new Probe()).args().getSslEngineFactory()).isNotNull();
        // The trust managers of the context hold exactly the one test CA.
        TrustManagerFactory check = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(ca())));
        check.init(ks);
        assertThat(((X509TrustManager) check.getTrustManagers()[0]).getAcceptedIssuers()).hasSize(1);
    }

    @Test
    void aFileThatHoldsNoCertificateFailsWhenTheSessionIsConfigured(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        CqlConnection c = new CqlConnection("", "", true, Optional.of(junk));
        assertThatThrownBy(() -> c.configure(new Probe())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cql.tls-truststore");
    }

    @Test
    void refusals(@TempDir Path dir) throws Exception {
        Settings half = Settings.of(Map.of("cql.password", SECRET));
        CqlConnection.from(half);
        assertThatThrownBy(half::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cql.username and cql.password go together")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        Settings noTls = Settings.of(Map.of("cql.tls-truststore", ca().toString()));
        CqlConnection.from(noTls);
        assertThatThrownBy(noTls::validate).hasMessageContaining("cql.tls-truststore is set but cql.tls is false");
        Settings missing = Settings.of(Map.of("cql.tls", "true", "cql.tls-truststore", dir.resolve("no.pem").toString()));
        CqlConnection.from(missing);
        assertThatThrownBy(missing::validate).hasMessageContaining("cql.tls-truststore").hasMessageContaining("is not a readable file");
        Settings flag = Settings.of(Map.of("cql.tls", "maybe"));
        CqlConnection.from(flag);
        assertThatThrownBy(flag::validate).hasMessageContaining("cql.tls = 'maybe'");
        assertThatThrownBy(() -> new CqlConnection("u", "", false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
