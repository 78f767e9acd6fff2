package dev.parley.replay.internal;

import dev.parley.common.config.Settings;
import dev.parley.ops.Ops;
import dev.parley.replay.internal.kafka.Groups;
import dev.parley.sinks.Rebuild;
import dev.parley.sinks.SinksConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code replay rebuild}: the CQL stores rebuilt from the log by the sinks' own history writer
 * ({@link Rebuild}) into the live keyspace or a new one, in a consumer group of the run's own
 * ({@code parley-replay-rebuild-<run>}), so a stopped run resumes where it stopped.
 */
final class RebuildCommand {
    static final String GROUP_PREFIX = "parley-replay-rebuild-";

    private final ReplayCli.Rebuild cli;
    private final Settings settings;
    private final PrintStream out;
    private final Clock clock;

    RebuildCommand(ReplayCli.Rebuild cli, Settings settings, PrintStream out, Clock clock) {
        this.cli = cli;
        this.settings = settings;
        this.out = out;
        this.clock = clock;
    }

    static String group(String run) {
        return GROUP_PREFIX + run;
    }

    /** @return the exit status */
    int run(Hooks hooks) {
        String group = group(cli.run());
        Settings s = Rebuild.defaults(settings.with(Map.of("sinks.history.group-id", group)));
        SinksConfig config = SinksConfig.from(s);
        s.validate();
        try (Groups groups = new Groups(Connections.kafka(s))) {
            int members = groups.liveMembers(group);
            if (members > 0 && !cli.force()) {
                throw new IllegalStateException("group " + group + " has " + members + " live member(s): is this run"
                        + " still going elsewhere? (--force to start anyway)");
            }
            boolean resuming = !groups.committed(group).isEmpty();
            if (cli.fromStart() && resuming && !cli.dryRun()) {
                groups.deleteGroup(group); // its committed offsets: the run reads the log from its start
                resuming = false;
            }
            try (Rebuild rebuild = Rebuild.open(config, clock)) {
                printPlan(config, group, resuming, rebuild.plan());
                if (cli.dryRun()) {
                    out.println("dry run: nothing written" + (cli.fromStart() && resuming
                            ? " (--from-start would first delete the group's offsets and read the whole log)" : ""));
                    return 0;
                }
                Ops.applyCqlSchema(Connections.contactPoints(s), config.cql(), config.cqlLocalDatacenter(), config.cqlKeyspace(),
                        cli.replication() == null ? Ops.LOCAL_REPLICATION : cli.replication());
                Rebuild.Result result;
                try (ProgressView view = ProgressView.choose(cli.common().progress(), out, clock);
                     Hooks.Registration stop = hooks.onInterrupt(rebuild::stop)) {
                    result = rebuild.run(new Shown(view));
                }
                return report(config, result);
            }
        }
    }

    private void printPlan(SinksConfig config, String group, boolean resuming, List<Rebuild.Span> plan) {
        out.println("rebuild into keyspace " + config.cqlKeyspace() + " from " + config.kafkaBootstrapServers()
                + ", consumer group " + group + (resuming ? " (resuming: it has committed offsets)" : ""));
        // Offsets, not records: a transaction's commit marker takes an offset too.
        totals(plan).forEach((topic, n) -> out.println("  " + topic + ": " + n + " offsets to read"));
    }

    private int report(SinksConfig config, Rebuild.Result result) {
        long records = totals(result.spans()).values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(result.took().toMillis(), 1) / 1000.0;
        if (!result.complete()) {
            out.printf("stopped after %.1f s; resume with: replay rebuild --run %s --keyspace %s%n", seconds,
                    cli.run(), config.cqlKeyspace());
            return 3;
        }
        out.printf("rebuilt keyspace %s from %d log offsets in %.1f s (%.0f/s, joining the group included); %d"
                        + " records skipped (the live sinks dead-lettered them)%n", config.cqlKeyspace(), records, seconds, records / seconds,
                result.skipped());
        out.println("next: replay verify --keyspace " + config.cqlKeyspace() + " --against-log");
        return 0;
    }

    static Map<String, Long> totals(List<Rebuild.Span> spans) {
        Map<String, Long> totals = new LinkedHashMap<>();
        spans.forEach(s -> totals.merge(s.partition().topic(), s.records(), Long::sum));
        return totals;
    }

    /** Rebuild progress as records done per topic. */
    private static final class Shown implements Rebuild.Progress {
        private final ProgressView view;
        private final Map<TopicPartition, Rebuild.Span> spans = new LinkedHashMap<>();

        Shown(ProgressView view) {
            this.view = view;
        }

        @Override
        public void started(List<Rebuild.Span> all) {
            all.forEach(s -> spans.put(s.partition(), s));
            view.start("rebuild", totals(all));
        }

        @Override
        public void advanced(Map<TopicPartition, Long> positions) {
            Map<String, Long> done = new LinkedHashMap<>();
            positions.forEach((tp, p) -> {
                Rebuild.Span s = spans.get(tp);
                if (s != null) {
                    done.merge(tp.topic(), Math.max(0, Math.min(p, s.to()) - s.from()), Long::sum);
                }
            });
            view.update(done);
        }
    }
}
