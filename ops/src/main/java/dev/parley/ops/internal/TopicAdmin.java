package dev.parley.ops.internal;

import java.util.Collection;
import java.util.Map;

/**
 * The few Kafka admin operations topics.yaml needs. There is deliberately no delete: applying the
 * file never removes a topic or lowers a partition count.
 */
public interface TopicAdmin extends AutoCloseable {
    /** A topic as it exists: partition count, replication factor and the current value of its configs. */
    record TopicState(int partitions, int replicationFactor, Map<String, String> configs) {
    }

    /** The state of those of {@code names} that exist; missing topics are absent from the map. */
    Map<String, TopicState> describe(Collection<String> names);

    /** Creates the topic; a topic that appeared meanwhile is not an error. */
    void create(String name, int partitions, short replicationFactor, Map<String, String> configs);

    /** Raises the partition count to {@code total} (greater than the current count). */
    void raisePartitions(String name, int total);

    /** Sets these configs (incrementally: others are left as they are). */
    void setConfigs(String name, Map<String, String> configs);

    @Override
    void close();
}
