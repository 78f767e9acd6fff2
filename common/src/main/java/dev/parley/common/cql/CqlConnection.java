package dev.parley.common.cql;

import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How every Parley CQL session authenticates and encrypts ({@code cql.username},
 * {@code cql.password}, {@code cql.tls}, {@code cql.tls-truststore}), applied to a driver session
 * builder in one place. The driver is an optional dependency of common: only modules that open a
 * CQL session (and so have the driver) load this class. The password never appears in
 * {@link #toString()} or a config problem.
 *
 * @param username   empty = no authentication (then so is the password)
 * @param password   the password of {@code username}
 * @param tls        connect over TLS, with the host name checked against the certificate
 * @param truststore PEM file of CA certificates (only with TLS); empty = the JVM's trust store
 */
public record CqlConnection(String username, String password, boolean tls, Optional<Path> truststore) {
    /** No authentication, plain connections: the local stack. */
    public static final CqlConnection PLAIN = new CqlConnection("", "", false, Optional.empty());

    /** The keys read here, for the tests that check each service's CONFIG.md. */
    public static final List<ConfigKey<?>> KEYS = List.of(SharedKeys.CQL_USERNAME, SharedKeys.CQL_PASSWORD,
            SharedKeys.CQL_TLS, SharedKeys.CQL_TLS_TRUSTSTORE);

    private static final String HALF_CREDENTIALS = "cql.username and cql.password go together: set both or neither";
    private static final String TRUST_WITHOUT_TLS = "cql.tls-truststore is set but cql.tls is false";

    /** @throws IllegalArgumentException when only one of the credentials is given, or a truststore without TLS */
    public CqlConnection {
        if (username.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException(HALF_CREDENTIALS);
        }
        if (truststore.isPresent() && !tls) {
            throw new IllegalArgumentException(TRUST_WITHOUT_TLS);
        }
    }

    /** Reads the keys, recording problems in {@code s}; {@link #PLAIN} when there is one. */
    public static CqlConnection from(Settings s) {
        String username = s.get(SharedKeys.CQL_USERNAME);
        String password = s.get(SharedKeys.CQL_PASSWORD);
        boolean tls = s.get(SharedKeys.CQL_TLS);
        Optional<Path> truststore = s.get(SharedKeys.CQL_TLS_TRUSTSTORE);
        boolean ok = true;
        if (username.isEmpty() != password.isEmpty()) {
            s.problem(HALF_CREDENTIALS);
            ok = false;
        }
        if (truststore.isPresent() && !tls) {
            s.problem(TRUST_WITHOUT_TLS);
            ok = false;
        }
        return ok ? new CqlConnection(username, password, tls, truststore) : PLAIN;
    }

    /**
     * Sets the credentials and TLS on {@code builder}.
     *
     * @throws IllegalStateException when the truststore cannot be read as PEM certificates
     */
    public <B extends CqlSessionBuilder> B configure(B builder) {
        if (!username.isEmpty()) {
            builder.withAuthCredentials(username, password);
        }
        if (tls) {
            // Host name checked against the certificate; a node found by IP is looked up first (the driver's default).
            builder.withSslEngineFactory(new ProgrammaticSslEngineFactory(sslContext(), null, true, true));
        }
        return builder;
    }

    /** The JVM's default context, or one trusting exactly the truststore's certificates. */
    SSLContext sslContext() {
        try {
            if (truststore.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(truststore.get())) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new IllegalStateException("cql.tls-truststore " + truststore.get() + " holds no certificate");
            }
            int i = 0;
            for (Certificate c : certs) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read cql.tls-truststore " + truststore.orElse(null)
                    + " as PEM certificates: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CqlConnection[" + (username.isEmpty() ? "no authentication" : "username=" + username + ", password=***")
                + ", tls=" + tls + (truststore.isPresent() ? ", truststore=" + truststore.get() : "") + "]";
    }
}
