package dev.parley.replay.internal;

import dev.parley.common.config.Settings;
import dev.parley.common.observe.Observability;
import dev.parley.replay.internal.kafka.Groups;
import dev.parley.topology.Main;
import dev.parley.topology.ParleyTopology;
import dev.parley.topology.TopologyConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * {@code replay state}: this machine's topology state rebuilt from its changelogs. Deletes the
 * local state of {@code topology.application-id} under {@code topology.state-dir}, then starts the
 * topology itself until it is RUNNING (every store restored) and stops it, showing the restore per
 * changelog. Refuses while any instance of the application is in its group: a running instance
 * owns that state.
 */
final class StateCommand {
    private final Settings settings;
    private final PrintStream out;
    private final Clock clock;

    StateCommand(Settings settings, PrintStream out, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.clock = clock;
    }

    int run(ReplayCli.State cli) throws InterruptedException {
        TopologyConfig config = TopologyConfig.from(settings);
        settings.validate();
        Path local = config.stateDir().resolve(config.applicationId());
        try (Groups groups = new Groups(Connections.kafka(settings))) {
            int members = groups.liveMembers(config.applicationId());
            if (members > 0) {
                throw new IllegalStateException("the topology " + config.applicationId() + " is running (" + members
                        + " member(s) in its group): stop every instance before rebuilding its state");
            }
            Map<String, Long> totals = changelogs(config, groups);
            out.println("rebuild the state of " + config.applicationId() + " in " + local + " from its changelogs:");
            totals.forEach((topic, n) -> out.println("  " + topic + ": " + n + " records"));
            if (cli.dryRun()) {
                out.println("dry run: nothing deleted");
                return 0;
            }
            ShadowCommands.deleteTree(local);
            long started = clock.millis();
            try (ProgressView view = ProgressView.choose(cli.common().progress(), out, clock)) {
                view.start("restore", totals);
                restore(config, view);
                // Totals count offsets, the listener records: transaction markers are offsets, not records.
                view.update(totals);
            }
            out.printf("restored %d records into %s in %.1f s%n", totals.values().stream().mapToLong(Long::longValue)
                    .sum(), local, (clock.millis() - started) / 1000.0);
            return 0;
        }
    }

    /** Records in each changelog of the topology's stores (stores kept only in memory have none). */
    private static Map<String, Long> changelogs(TopologyConfig config, Groups groups) {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology s : ParleyTopology.build(config).describe().subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        Set<String> existing = groups.topics();
        List<String> topics = stores.stream().map(st -> config.applicationId() + "-" + st + "-changelog")
                .filter(existing::contains).toList();
        List<TopicPartition> partitions = new ArrayList<>();
        groups.partitions(topics).forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                partitions.add(new TopicPartition(t, p));
            }
        });
        Map<TopicPartition, Long> ends = groups.endOffsets(partitions);
        Map<TopicPartition, Long> begins = groups.beginningOffsets(partitions);
        Map<String, Long> totals = new LinkedHashMap<>();
        topics.forEach(t -> totals.put(t, 0L));
        partitions.forEach(tp -> totals.merge(tp.topic(), ends.get(tp) - begins.get(tp), Long::sum));
        return totals;
    }

    private static void restore(TopologyConfig config, ProgressView view) throws InterruptedException {
        CountDownLatch settled = new CountDownLatch(1);
        AtomicReference<KafkaStreams.State> last = new AtomicReference<>();
        Map<String, Long> done = new LinkedHashMap<>();
        try (Observability obs = Observability.inMemory("replay-state")) {
            KafkaStreams streams = Main.create(config, (now, before) -> {
                last.set(now);
                if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR) {
                    settled.countDown();
                }
            }, obs);
            streams.setGlobalStateRestoreListener(new StateRestoreListener() {
                @Override
                public void onRestoreStart(TopicPartition tp, String store, long start, long end) {
                }

                @Override
                public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long restored) {
                    synchronized (view) {
                        done.merge(tp.topic(), restored, Long::sum);
                        view.update(Map.copyOf(done));
                    }
                }

                @Override
                public void onRestoreEnd(TopicPartition tp, String store, long total) {
                }
            });
            try {
                streams.start();
                if (!settled.await(config.startupTimeout().toMillis() * 10, TimeUnit.MILLISECONDS)
                        || last.get() != KafkaStreams.State.RUNNING) {
                    throw new IllegalStateException("the topology did not reach RUNNING (state " + last.get() + ")");
                }
            } finally {
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }
        }
    }
}
