package dev.parley.replay.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.config.Settings;
import dev.parley.common.json.Json;
import dev.parley.replay.internal.kafka.Groups;
import dev.parley.replay.internal.shadow.ShadowCompare;
import dev.parley.replay.internal.shadow.ShadowReport;
import dev.parley.replay.internal.shadow.ShadowRunner;
import dev.parley.topology.TopologyConfig;
import dev.parley.topology.TopologyTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code replay shadow run|compare|clean}: the topology reprocessing the retained input side by
 * side with the live one, into topics of its own, and the comparison of its log with the live log.
 * Every name of a run derives from its id: application id {@code parley-topology-shadow-<run>},
 * topics {@code parley.shadow.<run>.<live name>}, local state under {@code replay.work-dir}.
 */
final class ShadowCommands {
    static final String APPLICATION_PREFIX = "parley-topology-shadow-";
    static final String TOPIC_PREFIX = "parley.shadow.";
    static final String WORK_DIR = "replay.work-dir";
    static final java.time.Duration IN_FLIGHT = java.time.Duration.ofSeconds(5);

    private final Settings settings;
    private final PrintStream out;
    private final Clock clock;

    ShadowCommands(Settings settings, PrintStream out, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.clock = clock;
    }

    static String applicationId(String run) {
        return APPLICATION_PREFIX + run;
    }

    static TopologyTopics topics(String run) {
        return TopologyTopics.shadow(TOPIC_PREFIX + run + ".");
    }

    private Path workDir(String run) {
        return Path.of(settings.string(WORK_DIR, Path.of(System.getProperty("java.io.tmpdir"), "parley-replay")
                .toString())).resolve("shadow-" + run);
    }

    int run(ReplayCli.ShadowRun cli, Hooks hooks) throws InterruptedException {
        String appId = applicationId(cli.run());
        Map<String, String> overrides = new LinkedHashMap<>(cli.settings());
        overrides.put(TopologyConfig.APPLICATION_ID, appId);
        overrides.put(TopologyConfig.STATE_DIR, workDir(cli.run()).resolve("state").toString());
        overrides.put(TopologyConfig.STANDBY_REPLICAS, "0");
        Settings s = settings.with(overrides);
        TopologyConfig config = TopologyConfig.from(s).withTopics(topics(cli.run()));
        s.validate();
        try (Groups groups = new Groups(Connections.kafka(s))) {
            ShadowRunner.groupsOf(appId).forEach(g -> refuseLive(groups, g));
            out.println("shadow run " + cli.run() + ": application " + appId + ", writing to " + TOPIC_PREFIX
                    + cli.run() + ".*" + (cli.settings().isEmpty() ? "" : ", with " + cli.settings()));
            ShadowRunner runner = new ShadowRunner(groups, clock);
            ShadowRunner.Outcome outcome;
            try (ProgressView view = ProgressView.choose(cli.common().progress(), out, clock);
                 Hooks.Registration stop = hooks.onInterrupt(runner::stop)) {
                outcome = runner.run(config, Connections.kafka(s), view::update, totals -> view.start("shadow " + cli.run(), totals));
            }
            writeRunFile(cli.run(), outcome.snapshotAt(), cli.settings());
            if (!outcome.complete()) {
                out.println("stopped before the snapshot was processed; run it again, or clean it: replay shadow clean"
                        + " --run " + cli.run());
                return 3;
            }
            return compare(cli.run(), outcome.snapshotAt(), cli.json());
        }
    }

    int compare(ReplayCli.ShadowCompare cli) {
        return compare(cli.run(), readRunFile(cli.run()), cli.json());
    }

    /**
     * Compares sends received before the snapshot less {@link #IN_FLIGHT}: a send received just
     * before may still have been on its way to Kafka when the commands' end offsets were taken.
     */
    private int compare(String run, Instant snapshotAt, boolean json) {
        ShadowReport report = ShadowCompare.compare(Connections.kafka(settings), TopologyTopics.LIVE, topics(run),
                snapshotAt.minus(IN_FLIGHT));
        if (json) {
            out.println(report.toJson());
        } else {
            report.print(out, 50);
        }
        return report.divergent() ? 1 : 0;
    }

    /** Deletes the run's topics (exact names), its internal topics, its groups and its local state. */
    int clean(ReplayCli.ShadowClean cli) {
        String appId = applicationId(cli.run());
        try (Groups groups = new Groups(Connections.kafka(settings))) {
            List<String> runGroups = ShadowRunner.groupsOf(appId);
            runGroups.forEach(g -> refuseLive(groups, g));
            List<String> doomed = new ArrayList<>(ShadowRunner.topicsOf(topics(cli.run())));
            // Internal topics are <application id>-<name>, stage 1's <application id>-gate-<name>; run
            // ids have no dash, so this prefix never matches another run's topics, nor the live
            // application's (parley-topology-).
            String internal = appId + "-";
            Set<String> existing = groups.topics();
            existing.stream().filter(t -> t.startsWith(internal)).sorted().forEach(doomed::add);
            List<String> present = doomed.stream().filter(existing::contains).toList();
            String verb = cli.dryRun() ? "would delete " : "delete ";
            present.forEach(t -> out.println(verb + "topic " + t));
            runGroups.forEach(g -> out.println(verb + "group " + g));
            out.println(verb + workDir(cli.run()));
            if (!cli.dryRun()) {
                groups.deleteTopics(present);
                runGroups.forEach(groups::deleteGroup);
                deleteTree(workDir(cli.run()));
                out.println("cleaned shadow run " + cli.run());
            }
            return 0;
        }
    }

    private static void refuseLive(Groups groups, String appId) {
        int members = groups.liveMembers(appId);
        if (members > 0) {
            throw new IllegalStateException("group " + appId + " has " + members + " live member(s): this shadow run is"
                    + " still going");
        }
    }

    private void writeRunFile(String run, Instant snapshotAt, Map<String, String> with) {
        try {
            Files.createDirectories(workDir(run));
            Files.writeString(workDir(run).resolve("run.json"), Json.mapper().createObjectNode()
                    .put("run", run).put("snapshotAt", snapshotAt.toString())
                    .set("settings", Json.mapper().valueToTree(with)).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Instant readRunFile(String run) {
        Path file = workDir(run).resolve("run.json");
        try {
            JsonNode n = Json.mapper().readTree(Files.readString(file));
            return Instant.parse(n.path("snapshotAt").asText());
        } catch (IOException e) {
            throw new IllegalStateException("no record of shadow run " + run + " at " + file
                    + " (compare runs where the shadow run ran, or with the same " + WORK_DIR + ")");
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
