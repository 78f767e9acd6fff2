package dev.parley.replay.internal.shadow;

import dev.parley.common.observe.Observability;
import dev.parley.replay.internal.kafka.Groups;
import dev.parley.topology.Main;
import dev.parley.topology.TopologyConfig;
import dev.parley.topology.TopologyTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the topology as it is built now over the retained input as of one moment (the snapshot),
 * writing only to its shadow topics, in two phases that make the order of its input the order the
 * live topology saw, not an accident of how fast each task ran:
 * <ol>
 *   <li><b>Copy</b>: the live commands of both versions ({@code commands.v1} by user, from older
 *       edges, and {@code commands.v2} by conversation, which the edges rate limited) up to their
 *       end offsets at the snapshot, merged into one partition in record-time order
 *       ({@link TimeOrderedCopy}). So stage 1 applies the run's rate limits to every send, whichever
 *       version carried it: a run with lower limits shows what they would have refused.</li>
 *   <li><b>Stage 1</b> (application {@code <id>-gate}): the topology reads the copy; its stage 2
 *       reads an empty topic, so only validation and rate limits run, and the re-keyed commands
 *       land in the shadow {@code commands.by-conversation} in record-time order per conversation.</li>
 *   <li><b>Stage 2</b> (application {@code <id>}): the topology reads those and the live
 *       memberships, all present on the brokers from its first poll, so each task merges the two
 *       by record time, as they arrived live; its stage 1 reads an empty topic.</li>
 * </ol>
 * Then it stops. The comparison leaves out sends received after {@link Outcome#snapshotAt()}.
 */
public final class ShadowRunner {
    private static final Duration CHECK = Duration.ofSeconds(1);
    /** The suffix of the shadow topic that stays empty: the input of the stage a phase does not run. */
    static final String IDLE = "parley.idle.v1";
    /**
     * The suffix of the empty topic stage 2 reads instead of the edges' commands in both phases (a
     * topic can feed one source only): the copy has already merged them into stage 1's input.
     */
    static final String IDLE_EDGE = "parley.idle-edge.v1";

    /** @param snapshotAt when the inputs' end offsets were taken */
    public record Outcome(Instant snapshotAt, boolean complete) {
    }

    private final Groups groups;
    private final Clock clock;
    private volatile boolean stop;

    public ShadowRunner(Groups groups, Clock clock) {
        this.groups = groups;
        this.clock = clock;
    }

    /**
     * Creates the shadow topics (the live ones' partition counts; one partition for the commands'
     * copy), copies the commands unless an earlier attempt of this run did, and runs both phases.
     *
     * @param config   the topology's config with the shadow run's application id and topics
     * @param progress records done of each input, every second
     * @param totals   records to do of each input, once
     */
    public Outcome run(TopologyConfig config, Map<String, Object> kafkaProps, Consumer<Map<String, Long>> progress,
                       Consumer<Map<String, Long>> totals) throws InterruptedException {
        TopologyTopics topics = config.topics();
        String idle = idleTopic(topics);
        Map<String, Integer> live = groups.partitions(topics.written().values());
        Map<String, Integer> shadow = new LinkedHashMap<>();
        topics.written().forEach((name, liveName) -> shadow.put(name, live.get(liveName)));
        shadow.put(topics.commands(), 1);
        shadow.put(idle, live.get(TopologyTopics.LIVE.commandsByConversation()));
        shadow.put(idleEdgeTopic(topics), live.get(TopologyTopics.LIVE.commandsByConversation()));
        groups.create(shadow);

        Instant snapshotAt = clock.instant();
        List<TopicPartition> commands = new ArrayList<>(partitions(TopologyTopics.LIVE.commands()));
        commands.addAll(partitions(TopologyTopics.LIVE.edgeCommands()));
        Map<TopicPartition, Long> ends = groups.endOffsets(commands);
        Map<TopicPartition, Long> begins = groups.beginningOffsets(commands);
        long records = commands.stream().mapToLong(tp -> ends.get(tp) - begins.get(tp)).sum();
        String gate = "stage 1 (" + TopologyTopics.LIVE.commands() + ", " + TopologyTopics.LIVE.edgeCommands() + ")";
        String sequence = "stage 2 (" + topics.commandsByConversation() + ")";
        totals.accept(Map.of(gate, records));

        TopicPartition copy = new TopicPartition(topics.commands(), 0);
        if (groups.endOffsets(List.of(copy)).get(copy) == 0) {
            TimeOrderedCopy.copy(kafkaProps, begins, ends, topics.commands(), n -> { });
        }
        long copied = groups.endOffsets(List.of(copy)).get(copy);

        String gateId = gateApplicationId(config.applicationId());
        TopologyConfig stage1 = config.withApplicationId(gateId).withTopics(gateOnly(topics));
        if (!runUntil(stage1, Map.of(copy, copied), done -> progress.accept(Map.of(gate, done)))) {
            return new Outcome(snapshotAt, false);
        }
        List<TopicPartition> byConversation = partitions(topics.commandsByConversation());
        Map<TopicPartition, Long> made = groups.endOffsets(byConversation);
        long toSequence = made.values().stream().mapToLong(Long::longValue).sum();
        totals.accept(Map.of(gate, records, sequence, toSequence));
        progress.accept(Map.of(gate, records));
        TopologyConfig stage2 = config.withTopics(sequenceOnly(topics));
        boolean done = runUntil(stage2, made, n -> progress.accept(Map.of(sequence, n)));
        return new Outcome(snapshotAt, done);
    }

    /**
     * Runs the topology until its group has committed at least {@code targets} (Streams commits the
     * consumer's position past transaction markers once a partition is drained), then closes it.
     */
    private boolean runUntil(TopologyConfig config, Map<TopicPartition, Long> targets,
                             Consumer<Long> progress) throws InterruptedException {
        try (Observability obs = Observability.inMemory("replay-shadow")) {
            KafkaStreams streams = Main.create(config, (now, before) -> { }, obs);
            try {
                streams.start();
                while (!stop) {
                    KafkaStreams.State state = streams.state();
                    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                        throw new IllegalStateException("the shadow topology " + config.applicationId()
                                + " stopped: " + state);
                    }
                    Map<TopicPartition, Long> committed = groups.committed(config.applicationId());
                    long done = 0;
                    boolean all = true;
                    for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
                        long c = committed.getOrDefault(t.getKey(), 0L);
                        done += Math.min(c, t.getValue());
                        all &= t.getValue() == 0 || c >= t.getValue();
                    }
                    progress.accept(done);
                    if (all) {
                        return true;
                    }
                    Thread.sleep(CHECK.toMillis());
                }
                return false;
            } finally {
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }
        }
    }

    /** The first phase's topics: stage 1 reads the copy, stage 2 reads empty topics. */
    static TopologyTopics gateOnly(TopologyTopics shadow) {
        return shadow.withSequencerCommands(idleTopic(shadow)).withEdgeCommands(idleEdgeTopic(shadow));
    }

    /** The second phase's topics: stage 2 reads stage 1's output, stage 1 an empty topic. */
    static TopologyTopics sequenceOnly(TopologyTopics shadow) {
        return shadow.withCommands(idleTopic(shadow)).withEdgeCommands(idleEdgeTopic(shadow));
    }

    static String idleEdgeTopic(TopologyTopics shadow) {
        String idle = idleTopic(shadow);
        return idle.substring(0, idle.length() - IDLE.length()) + IDLE_EDGE;
    }

    /** The shadow topic no phase writes: the input of the stage a phase leaves idle. */
    static String idleTopic(TopologyTopics shadow) {
        return shadow.commands().substring(0, shadow.commands().length() - TopologyTopics.LIVE.commands().length())
                + IDLE;
    }

    static String gateApplicationId(String applicationId) {
        return applicationId + "-gate";
    }

    /** Every topic a run creates itself (its applications' internal topics aside). */
    public static List<String> topicsOf(TopologyTopics shadow) {
        List<String> out = new ArrayList<>(shadow.written().keySet());
        out.add(shadow.commands());
        out.add(idleTopic(shadow));
        out.add(idleEdgeTopic(shadow));
        return out;
    }

    /** The consumer groups (application ids) of a run: stage 2's, then stage 1's. */
    public static List<String> groupsOf(String applicationId) {
        return List.of(applicationId, gateApplicationId(applicationId));
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < groups.partitions(List.of(topic)).get(topic); p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    /** Ends the run at its next check; the topology is closed and the run reported incomplete. Thread-safe. */
    public void stop() {
        stop = true;
    }
}
