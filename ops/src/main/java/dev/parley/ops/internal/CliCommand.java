package dev.parley.ops.internal;

import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.ops.OpsException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code ops} command line. Flags win over configuration keys (system property,
 * {@code PARLEY_*} env, config file), which win over the defaults; see ops/CONFIG.md. A key's value
 * is taken as text, like the flag it stands in for, and checked where it is used (a contact point
 * by the CQL connection, a bootstrap server by the Kafka admin client). The security keys
 * ({@code kafka.security-protocol}, {@code cql.username}, ...) have no flags; their problems stop
 * the command before it connects.
 */
public sealed interface CliCommand {
    String USAGE = """
            usage: ops topics apply [--bootstrap H:P] [--file topics.yaml] [--replication-factor N] [--min-insync-replicas N]
                   ops cql apply [--contact-point H:P] [--datacenter DC] [--keyspace K] [--replication MAP]
                   ops help""";

    record TopicsApply(String bootstrap, KafkaClientSecurity security, Path file, int replicationFactor,
                       int minInsyncReplicas) implements CliCommand {
    }

    record CqlApply(String contactPoints, CqlConnection connection, String datacenter, String keyspace,
                    String replication) implements CliCommand {
    }

    record Help() implements CliCommand {
    }

    /** @throws OpsException with a one-line reason for a command line that does not parse */
    static CliCommand parse(List<String> args, Settings settings) {
        if (args.isEmpty() || Set.of("help", "--help", "-h").contains(args.get(0))) {
            return new Help();
        }
        if (args.size() < 2 || !args.get(1).equals("apply")) {
            throw new OpsException("unknown command '" + String.join(" ", args.subList(0, Math.min(2, args.size())))
                    + "': use 'topics apply' or 'cql apply' (ops help)");
        }
        return switch (args.get(0)) {
            case "topics" -> {
                Map<String, String> f = flags(args.subList(2, args.size()),
                        Set.of("--bootstrap", "--file", "--replication-factor", "--min-insync-replicas"));
                yield new TopicsApply(f.getOrDefault("--bootstrap", settings.text(SharedKeys.KAFKA_BOOTSTRAP_SERVERS)),
                        KafkaClientSecurity.from(settings), Path.of(f.getOrDefault("--file", "topics.yaml")), wholeNumber(f, "--replication-factor"),
                        wholeNumber(f, "--min-insync-replicas"));
            }
            case "cql" -> {
                Map<String, String> f = flags(args.subList(2, args.size()),
                        Set.of("--contact-point", "--datacenter", "--keyspace", "--replication"));
                yield new CqlApply(
                        f.getOrDefault("--contact-point", settings.text(SharedKeys.CQL_CONTACT_POINTS)),
                        CqlConnection.from(settings),
                        f.getOrDefault("--datacenter", settings.text(SharedKeys.CQL_LOCAL_DATACENTER)),
                        f.getOrDefault("--keyspace", settings.text(SharedKeys.CQL_KEYSPACE)),
                        f.getOrDefault("--replication", dev.parley.ops.Ops.LOCAL_REPLICATION));
            }
            default -> throw new OpsException("unknown command '" + args.get(0) + "': use topics or cql (ops help)");
        };
    }

    private static Map<String, String> flags(List<String> args, Set<String> known) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!known.contains(name)) {
                throw new OpsException("unknown option '" + a + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new OpsException("option " + a + " needs a value");
            }
            out.put(name, value);
        }
        return out;
    }

    /** A flag's whole number, 0 when absent (meaning: what the file says). */
    private static int wholeNumber(Map<String, String> flags, String flag) {
        String v = flags.getOrDefault(flag, "0");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new OpsException(flag + " '" + v + "' is not a whole number");
        }
    }
}
