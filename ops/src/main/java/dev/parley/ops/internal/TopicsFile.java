package dev.parley.ops.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole of topics.yaml: defaults and the topics in file order. */
public record TopicsFile(int defaultReplicationFactor, Map<String, String> defaultConfigs, List<TopicSpec> topics) {
    public TopicsFile {
        defaultConfigs = Collections.unmodifiableMap(new LinkedHashMap<>(defaultConfigs));
        topics = List.copyOf(topics);
    }

    public List<String> names() {
        return topics.stream().map(TopicSpec::name).toList();
    }
}
