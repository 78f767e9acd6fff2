package dev.parley.ops.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A broker's topic table in memory; a new topic gets the given configs (unset keys stay absent). */
final class InMemoryTopicAdmin implements TopicAdmin {
    final Map<String, TopicState> topics = new LinkedHashMap<>();
    int calls;

    @Override
    public Map<String, TopicState> describe(Collection<String> names) {
        Map<String, TopicState> out = new HashMap<>();
        names.stream().filter(topics::containsKey).forEach(n -> out.put(n, topics.get(n)));
        return out;
    }

    @Override
    public void create(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        calls++;
        topics.put(name, new TopicState(partitions, replicationFactor, new HashMap<>(configs)));
    }

    @Override
    public void raisePartitions(String name, int total) {
        calls++;
        TopicState t = topics.get(name);
        if (total <= t.partitions()) {
            throw new IllegalArgumentException("partitions can only grow");
        }
        topics.put(name, new TopicState(total, t.replicationFactor(), t.configs()));
    }

    @Override
    public void setConfigs(String name, Map<String, String> configs) {
        calls++;
        Map<String, String> merged = new HashMap<>(topics.get(name).configs());
        merged.putAll(configs);
        topics.put(name, new TopicState(topics.get(name).partitions(), topics.get(name).replicationFactor(), merged));
    }

    @Override
    public void close() {
    }
}
