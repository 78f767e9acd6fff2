package dev.parley.common.kafka;

import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * How every Parley Kafka client (producers, consumers, admin clients, Kafka Streams) authenticates
 * and encrypts: the {@code kafka.security-protocol}, {@code kafka.sasl-*} and
 * {@code kafka.tls-truststore} keys turned into client properties, in one place. Each service's
 * config record carries one, and every client it builds {@link #applyTo applies} it.
 *
 * <p>The password never appears in {@link #toString()} or a config problem, and the JAAS line
 * that holds it is a Kafka {@link Password}, which prints as {@code [hidden]} (Kafka logs every
 * client's config at start).
 *
 * @param protocol   {@code PLAINTEXT}, {@code SSL} or {@code SASL_SSL}
 * @param mechanism  {@code none}, {@code AWS_MSK_IAM} (credentials from the AWS default chain, e.g.
 *                   the ECS task role) or {@code SCRAM-SHA-512}
 * @param username   SCRAM user name, empty otherwise
 * @param password   SCRAM password, empty otherwise
 * @param truststore PEM file of CA certificates; empty = the JVM's trust store (right for MSK)
 */
public record KafkaClientSecurity(String protocol, String mechanism, String username, String password,
                                  Optional<Path> truststore) {
    /** No encryption, no authentication: the local stack. */
    public static final KafkaClientSecurity PLAINTEXT = new KafkaClientSecurity("PLAINTEXT", "none", "", "",
            Optional.empty());

    /** The keys read here, for the tests that check each service's CONFIG.md. */
    public static final List<ConfigKey<?>> KEYS = List.of(SharedKeys.KAFKA_SECURITY_PROTOCOL,
            SharedKeys.KAFKA_SASL_MECHANISM, SharedKeys.KAFKA_SASL_USERNAME, SharedKeys.KAFKA_SASL_PASSWORD,
            SharedKeys.KAFKA_TLS_TRUSTSTORE);

    static final String IAM_LOGIN = "software.amazon.msk.auth.iam.IAMLoginModule required;";
    static final String IAM_CALLBACK = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    /** @throws IllegalArgumentException listing every contradiction (never a secret) */
    public KafkaClientSecurity {
        List<String> problems = problems(protocol, mechanism, username, password, truststore);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * Reads the keys, recording every problem in {@code s} (the caller then calls
     * {@link Settings#validate()}); {@link #PLAINTEXT} when there is one.
     */
    public static KafkaClientSecurity from(Settings s) {
        String protocol = s.get(SharedKeys.KAFKA_SECURITY_PROTOCOL);
        String mechanism = s.get(SharedKeys.KAFKA_SASL_MECHANISM);
        String username = s.get(SharedKeys.KAFKA_SASL_USERNAME);
        String password = s.get(SharedKeys.KAFKA_SASL_PASSWORD);
        Optional<Path> truststore = s.get(SharedKeys.KAFKA_TLS_TRUSTSTORE);
        List<String> problems = problems(protocol, mechanism, username, password, truststore);
        problems.forEach(s::problem);
        return problems.isEmpty() ? new KafkaClientSecurity(protocol, mechanism, username, password, truststore)
                : PLAINTEXT;
    }

    private static List<String> problems(String protocol, String mechanism, String username, String password,
                                         Optional<Path> truststore) {
        List<String> out = new ArrayList<>();
        boolean sasl = !mechanism.equals("none");
        if (sasl && !protocol.equals("SASL_SSL")) {
            out.add("kafka.sasl-mechanism " + mechanism + " needs kafka.security-protocol SASL_SSL (is " + protocol + ")");
        }
        if (!sasl && protocol.equals("SASL_SSL")) {
            out.add("kafka.security-protocol SASL_SSL needs kafka.sasl-mechanism AWS_MSK_IAM or SCRAM-SHA-512");
        }
        boolean scram = mechanism.equals("SCRAM-SHA-512");
        if (scram && (username.isEmpty() || password.isEmpty())) {
            out.add("kafka.sasl-mechanism SCRAM-SHA-512 needs kafka.sasl-username and kafka.sasl-password");
        }
        if (!scram && (!username.isEmpty() || !password.isEmpty())) {
            out.add("kafka.sasl-username and kafka.sasl-password are only for kafka.sasl-mechanism SCRAM-SHA-512");
        }
        if (controlCharacters(username) || controlCharacters(password)) {
            out.add("kafka.sasl-username and kafka.sasl-password must not contain control characters");
        }
        if (truststore.isPresent() && protocol.equals("PLAINTEXT")) {
            out.add("kafka.tls-truststore is set but kafka.security-protocol is PLAINTEXT (no TLS)");
        }
        return out;
    }

    private static boolean controlCharacters(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    /** The client properties: {@code security.protocol}, and the {@code sasl.*} and {@code ssl.*} ones in use. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        switch (mechanism) {
            case "AWS_MSK_IAM" -> {
                p.put(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
                p.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(IAM_LOGIN));
                p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, IAM_CALLBACK);
            }
            case "SCRAM-SHA-512" -> {
                p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
                p.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(SCRAM_LOGIN + " required username=\""
                        + jaasEscape(username) + "\" password=\"" + jaasEscape(password) + "\";"));
            }
            default -> {
                // no SASL
            }
        }
        truststore.ifPresent(t -> {
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, t.toString());
        });
        return p;
    }

    /** Puts {@link #properties()} into a client's settings ({@code Map<String, Object>} or {@code Properties}). */
    public <M extends Map<? super String, Object>> M applyTo(M clientProps) {
        properties().forEach(clientProps::put);
        return clientProps;
    }

    /**
     * A JAAS option value between double quotes: Kafka's parser ({@code StreamTokenizer}) reads
     * {@code \\} and {@code \"} as escapes (control characters are refused before this).
     */
    static String jaasEscape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "KafkaClientSecurity[protocol=" + protocol + ", mechanism=" + mechanism
                + (username.isEmpty() ? "" : ", username=" + username + ", password=***")
                + ", truststore=" + truststore.map(Path::toString).orElse("(JVM)") + "]";
    }
}
