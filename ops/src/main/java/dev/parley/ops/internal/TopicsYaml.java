package dev.parley.ops.internal;

import dev.parley.ops.OpsException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads topics.yaml strictly: unknown keys and missing fields are errors, so a typo cannot pass silently. */
public final class TopicsYaml {
    private static final Set<String> TOPIC_KEYS =
            Set.of("name", "partitions", "cleanupPolicy", "retention", "configs", "why");
    private static final Set<String> POLICIES = Set.of("delete", "compact", "compact,delete", "delete,compact");

    private TopicsYaml() {
    }

    public static TopicsFile read(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new OpsException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static TopicsFile parse(Reader reader, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (RuntimeException e) {
            throw new OpsException(source + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        Map<?, ?> top = map(root, source);
        Map<?, ?> defaults = top.get("defaults") == null ? Map.of() : map(top.get("defaults"), source + ": defaults");
        int rf = defaults.get("replicationFactor") == null ? 1 : integer(defaults.get("replicationFactor"),
                source + ": defaults.replicationFactor");
        Map<String, String> defaultConfigs = strings(defaults.get("configs"), source + ": defaults.configs");
        if (!(top.get("topics") instanceof List<?> list) || list.isEmpty()) {
            throw new OpsException(source + ": 'topics' must be a non-empty list");
        }
        List<TopicSpec> topics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            TopicSpec t = topic(map(list.get(i), source + ": topic #" + (i + 1)), source + ": topic #" + (i + 1));
            if (!seen.add(t.name())) {
                throw new OpsException(source + ": topic " + t.name() + " is listed twice");
            }
            topics.add(t);
        }
        return new TopicsFile(rf, defaultConfigs, topics);
    }

    private static TopicSpec topic(Map<?, ?> m, String where) {
        for (Object k : m.keySet()) {
            if (!TOPIC_KEYS.contains(String.valueOf(k))) {
                throw new OpsException(where + ": unknown key '" + k + "' (known: " + TOPIC_KEYS + ")");
            }
        }
        if (!(m.get("name") instanceof String name) || name.isBlank()) {
            throw new OpsException(where + ": 'name' is required");
        }
        String at = where + " (" + name + ")";
        if (m.get("partitions") == null) {
            throw new OpsException(at + ": 'partitions' is required");
        }
        int partitions = integer(m.get("partitions"), at + ": partitions");
        if (partitions < 1) {
            throw new OpsException(at + ": partitions must be at least 1");
        }
        String policy = m.get("cleanupPolicy") == null ? "delete" : String.valueOf(m.get("cleanupPolicy")).replace(" ", "");
        if (!POLICIES.contains(policy)) {
            throw new OpsException(at + ": cleanupPolicy must be delete, compact or compact,delete");
        }
        String retention = m.get("retention") == null ? null : String.valueOf(m.get("retention"));
        if (retention != null) {
            try {
                TopicSpec.retentionMs(retention);
            } catch (IllegalArgumentException e) {
                throw new OpsException(at + ": " + e.getMessage());
            }
        }
        String why = m.get("why") == null ? "" : String.valueOf(m.get("why")).strip();
        return new TopicSpec(name, partitions, policy, retention, strings(m.get("configs"), at + ": configs"), why);
    }

    private static Map<?, ?> map(Object o, String where) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new OpsException(where + " must be a mapping");
    }

    private static int integer(Object o, String where) {
        if (o instanceof Integer i) {
            return i;
        }
        throw new OpsException(where + " must be a whole number, not '" + o + "'");
    }

    private static Map<String, String> strings(Object o, String where) {
        if (o == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        map(o, where).forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}
