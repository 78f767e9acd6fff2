package dev.parley.replay.internal;

import dev.parley.common.config.SharedKeys;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code replay} command line. Connection flags stand in for the shared configuration
 * keys ({@code --bootstrap} for {@code kafka.bootstrap-servers}, ...) and win over them; see
 * replay/CONFIG.md.
 */
public sealed interface ReplayCli {
    String USAGE = """
            usage: replay rebuild [--keyspace K] [--run ID] [--from-start] [--dry-run] [--force] [--replication MAP]
                   replay verify --keyspace K (--against K2 | --against-log) [--json]
                   replay shadow run [--run ID] [--set key=value]... [--json]
                   replay shadow compare --run ID [--json]
                   replay shadow clean --run ID [--dry-run]
                   replay state [--dry-run]
                   replay help
            every command also takes --bootstrap H:P --contact-point H:P --datacenter DC --progress auto|bar|json""";

    /** Run ids name consumer groups and topics: no dash, so one run's prefix never matches another run's names. */
    Pattern RUN_ID = Pattern.compile("[a-z0-9]{1,40}");

    /** @param overrides configuration keys set by flags (win over every other source) */
    record Common(Map<String, String> overrides, String progress) {
    }

    record Rebuild(Common common, String run, boolean fromStart, boolean dryRun, boolean force, String replication)
            implements ReplayCli {
    }

    /** @param against the other keyspace, or null to verify against the log */
    record Verify(Common common, String against, boolean json) implements ReplayCli {
    }

    record ShadowRun(Common common, String run, Map<String, String> settings, boolean json) implements ReplayCli {
    }

    record ShadowCompare(Common common, String run, boolean json) implements ReplayCli {
    }

    record ShadowClean(Common common, String run, boolean dryRun) implements ReplayCli {
    }

    record State(Common common, boolean dryRun) implements ReplayCli {
    }

    record Help() implements ReplayCli {
    }

    /** @throws IllegalArgumentException with a one-line reason for a command line that does not parse */
    static ReplayCli parse(List<String> args, Clock clock) {
        if (args.isEmpty() || Set.of("help", "--help", "-h").contains(args.getFirst())) {
            return new Help();
        }
        String command = args.getFirst();
        if (command.equals("shadow")) {
            if (args.size() < 2) {
                throw new IllegalArgumentException("shadow needs run, compare or clean (replay help)");
            }
            command = "shadow " + args.get(1);
        }
        List<String> rest = args.subList(command.startsWith("shadow ") ? 2 : 1, args.size());
        Flags f = Flags.parse(rest);
        ReplayCli cli = switch (command) {
            case "rebuild" -> new Rebuild(f.common(), f.run(clock), f.bool("--from-start"), f.bool("--dry-run"),
                    f.bool("--force"), f.value("--replication", null));
            case "verify" -> {
                String against = f.value("--against", null);
                if ((against == null) == !f.bool("--against-log")) {
                    throw new IllegalArgumentException("verify needs exactly one of --against K2 and --against-log");
                }
                if (!f.has("--keyspace")) {
                    throw new IllegalArgumentException("verify needs --keyspace");
                }
                yield new Verify(f.common(), against, f.bool("--json"));
            }
            case "shadow run" -> new ShadowRun(f.common(), f.run(clock), f.settings(), f.bool("--json"));
            case "shadow compare" -> new ShadowCompare(f.common(), f.requiredRun(), f.bool("--json"));
            case "shadow clean" -> new ShadowClean(f.common(), f.requiredRun(), f.bool("--dry-run"));
            case "state" -> new State(f.common(), f.bool("--dry-run"));
            default -> throw new IllegalArgumentException("unknown command '" + command + "' (replay help)");
        };
        f.rejectUnused(command);
        return cli;
    }

    /** Flags as given: {@code --name value}, {@code --name=value}, or a bare switch. */
    final class Flags {
        private static final Set<String> SWITCHES = Set.of("--from-start", "--dry-run", "--force", "--against-log",
                "--json");
        private static final Map<String, String> KEYS = Map.of("--bootstrap", SharedKeys.KAFKA_BOOTSTRAP_SERVERS.name(),
                "--contact-point", SharedKeys.CQL_CONTACT_POINTS.name(),
                "--datacenter", SharedKeys.CQL_LOCAL_DATACENTER.name(),
                "--keyspace", SharedKeys.CQL_KEYSPACE.name());
        private static final DateTimeFormatter RUN_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'x'HHmmss")
                .withZone(ZoneOffset.UTC);

        private final Map<String, String> values = new HashMap<>();
        private final List<String> sets = new ArrayList<>();
        private final Set<String> used = new java.util.HashSet<>();

        static Flags parse(List<String> args) {
            Flags f = new Flags();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
                int eq = a.indexOf('=');
                String name = eq > 0 ? a.substring(0, eq) : a;
                String value;
                if (SWITCHES.contains(name) && eq < 0) {
                    value = "true";
                } else if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                if (name.equals("--set")) {
                    f.sets.add(value);
                } else if (f.values.put(name, value) != null) {
                    throw new IllegalArgumentException("option " + name + " given twice");
                }
            }
            return f;
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String value(String name, String fallback) {
            used.add(name);
            return values.getOrDefault(name, fallback);
        }

        boolean bool(String name) {
            return Boolean.parseBoolean(value(name, "false"));
        }

        Common common() {
            Map<String, String> overrides = new LinkedHashMap<>();
            KEYS.forEach((flag, key) -> {
                String v = value(flag, null);
                if (v != null) {
                    overrides.put(key, v);
                }
            });
            String progress = value("--progress", "auto");
            if (!Set.of("auto", "bar", "json").contains(progress)) {
                throw new IllegalArgumentException("--progress must be auto, bar or json");
            }
            return new Common(overrides, progress);
        }

        String run(Clock clock) {
            String run = value("--run", RUN_FORMAT.format(clock.instant()));
            if (!RUN_ID.matcher(run).matches()) {
                throw new IllegalArgumentException("--run '" + run + "' must be 1 to 40 of a-z and 0-9");
            }
            return run;
        }

        String requiredRun() {
            if (!has("--run")) {
                throw new IllegalArgumentException("this command needs --run ID");
            }
            return run(Clock.systemUTC());
        }

        /** {@code --set key=value}: topology settings of a shadow run (e.g. a lower rate limit). */
        Map<String, String> settings() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0 || !s.startsWith("topology.")) {
                    throw new IllegalArgumentException("--set '" + s + "' must be topology.<key>=<value>");
                }
                out.put(s.substring(0, eq), s.substring(eq + 1));
            }
            return out;
        }

        void rejectUnused(String command) {
            List<String> unused = values.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
            if (!unused.isEmpty()) {
                throw new IllegalArgumentException(command + " does not take " + String.join(", ", unused));
            }
            if (!sets.isEmpty() && !command.equals("shadow run")) {
                throw new IllegalArgumentException(command + " does not take --set");
            }
        }
    }
}
