package dev.parley.replay.internal.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka admin operations of the replay commands: who is in a group, its offsets, and creating
 * and deleting a run's own topics and group. Names are always exact: nothing here matches by
 * prefix, so no call can reach a live topic or group by accident.
 */
public final class Groups implements AutoCloseable {
    /** How long new topics may take to be known to the brokers. */
    private static final java.time.Duration CREATED_WITHIN = java.time.Duration.ofSeconds(30);

    private final Admin admin;

    public Groups(Map<String, Object> adminProps) {
        this(Admin.create(adminProps));
    }

    /** Over a given admin client (tests); closing this closes it. */
    Groups(Admin admin) {
        this.admin = admin;
    }

    /**
     * Members of the group now (0 when it does not exist or is empty). The group may be a consumer
     * group (the sinks, a topology on the classic protocol) or a streams group (the topology under its streams protocol option):
     * the broker describes each only as its own kind and calls the other "not found".
     */
    public int liveMembers(String group) {
        try {
            ConsumerGroupDescription d = await(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            return d == null ? 0 : d.members().size();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw failed("describe group " + group, e);
            }
        }
        try {
            StreamsGroupDescription d = await(admin.describeStreamsGroups(List.of(group)).all()).get(group);
            return d == null ? 0 : d.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw failed("describe streams group " + group, e);
        }
    }

    /** The group's committed offsets (empty when it has none). */
    public Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> m = await(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata());
            return m.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw failed("list the offsets of group " + group, e);
        }
    }

    /** Deletes the group (its committed offsets), of either kind; a group that does not exist is fine. */
    public void deleteGroup(String group) {
        try {
            await(admin.deleteConsumerGroups(List.of(group)).all());
            return;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw failed("delete group " + group, e);
            }
        }
        try {
            await(admin.deleteStreamsGroups(List.of(group)).all());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw failed("delete streams group " + group, e);
            }
        }
    }

    /** Partition count of each topic. */
    public Map<String, Integer> partitions(Collection<String> topics) {
        try {
            Map<String, TopicDescription> d = await(admin.describeTopics(topics).allTopicNames());
            return d.values().stream().collect(Collectors.toMap(TopicDescription::name, t -> t.partitions().size()));
        } catch (ExecutionException e) {
            throw failed("describe topics " + topics, e);
        }
    }

    /** Offsets of the next record to be written (read_committed: the last stable offsets). */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED, "list end offsets");
    }

    /** Offsets of the first record still in each partition (isolation: the admin default, which does not move them). */
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED, "list beginning offsets");
    }

    /** The offset {@code spec} names in each partition; {@code what} names the call in the error. */
    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec,
                                              IsolationLevel isolation, String what) {
        Map<TopicPartition, OffsetSpec> specs = partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
                    await(admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all());
            return r.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw failed(what, e);
        }
    }

    /**
     * Creates the topics that do not exist yet, and returns once every partition of them answers
     * an offset request: a topic just created is not at once known to every broker.
     */
    public void create(Map<String, Integer> partitionsByTopic) {
        for (Map.Entry<String, Integer> e : partitionsByTopic.entrySet()) {
            try {
                await(admin.createTopics(List.of(new NewTopic(e.getKey(), e.getValue(), (short) -1))).all());
            } catch (ExecutionException x) {
                if (!(x.getCause() instanceof TopicExistsException)) {
                    throw failed("create topic " + e.getKey(), x);
                }
            }
        }
        List<TopicPartition> all = new java.util.ArrayList<>();
        partitionsByTopic.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                all.add(new TopicPartition(t, p));
            }
        });
        long deadline = System.nanoTime() + CREATED_WITHIN.toNanos();
        while (true) {
            try {
                endOffsets(all);
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every topic name of the cluster, internal topics of applications included. */
    public Set<String> topics() {
        try {
            return await(admin.listTopics().names());
        } catch (ExecutionException e) {
            throw failed("list topics", e);
        }
    }

    /** Deletes exactly these topics; one that does not exist is fine. */
    public void deleteTopics(Collection<String> names) {
        for (String name : names) {
            try {
                await(admin.deleteTopics(List.of(name)).all());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw failed("delete topic " + name, e);
                }
            }
        }
    }

    /** Waits for an admin call; being interrupted (Ctrl-C) ends the command. */
    private static <T> T await(KafkaFuture<T> f) throws ExecutionException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static IllegalStateException failed(String what, ExecutionException e) {
        return new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    }

    @Override
    public void close() {
        admin.close();
    }
}
