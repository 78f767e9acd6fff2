package dev.parley.ops.internal;

import dev.parley.ops.ApplyReport;
import dev.parley.ops.ApplyReport.Change;
import dev.parley.ops.ApplyReport.Kind;
import dev.parley.ops.OpsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Makes the cluster match topics.yaml without ever deleting or shrinking anything. */
public final class TopicApplier {
    static final String MIN_ISR = "min.insync.replicas";

    private TopicApplier() {
    }

    /** @param replicationFactor for created topics; 0 or less means the file's default */
    public static ApplyReport apply(TopicsFile file, int replicationFactor, TopicAdmin admin) {
        return apply(file, replicationFactor, 0, admin);
    }

    /**
     * @param replicationFactor for created topics; 0 or less means the file's default
     * @param minInsyncReplicas {@value #MIN_ISR} of every topic, whatever the file says; 0 or less: the file's
     */
    public static ApplyReport apply(TopicsFile file, int replicationFactor, int minInsyncReplicas, TopicAdmin admin) {
        int rf = replicationFactor > 0 ? replicationFactor : file.defaultReplicationFactor();
        if (minInsyncReplicas > rf) {
            throw new OpsException("--min-insync-replicas " + minInsyncReplicas + " exceeds the replication factor "
                    + rf + ": every acks=all write would be refused");
        }
        Map<String, TopicAdmin.TopicState> existing = admin.describe(file.names());
        List<Change> changes = new ArrayList<>();
        for (TopicSpec spec : file.topics()) {
            Map<String, String> desired = new LinkedHashMap<>(spec.effectiveConfigs(file.defaultConfigs()));
            if (minInsyncReplicas > 0) {
                desired.put(MIN_ISR, Integer.toString(minInsyncReplicas));
            }
            TopicAdmin.TopicState now = existing.get(spec.name());
            if (now == null) {
                admin.create(spec.name(), spec.partitions(), (short) rf, desired);
                changes.add(new Change(Kind.CREATED, spec.name(), spec.partitions() + " partitions, replication factor "
                        + rf + ", " + render(desired)));
                continue;
            }
            if (spec.partitions() > now.partitions()) {
                admin.raisePartitions(spec.name(), spec.partitions());
                changes.add(new Change(Kind.PARTITIONS_RAISED, spec.name(), now.partitions() + " -> " + spec.partitions()));
            } else if (spec.partitions() < now.partitions()) {
                changes.add(new Change(Kind.WARNING, spec.name(), "has " + now.partitions() + " partitions, the file says "
                        + spec.partitions() + ": partition counts are never lowered"));
            }
            if (now.replicationFactor() != rf) {
                changes.add(new Change(Kind.WARNING, spec.name(), "has replication factor " + now.replicationFactor()
                        + ", expected " + rf + ": not changed by ops (reassign partitions to change it)"));
            }
            Map<String, String> differing = new LinkedHashMap<>();
            desired.forEach((k, v) -> {
                if (!Objects.equals(now.configs().get(k), v)) {
                    differing.put(k, v);
                }
            });
            if (!differing.isEmpty()) {
                admin.setConfigs(spec.name(), differing);
                String detail = differing.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()
                                + " (was " + now.configs().getOrDefault(e.getKey(), "unset") + ")")
                        .collect(Collectors.joining(", "));
                changes.add(new Change(Kind.CONFIG_UPDATED, spec.name(), detail));
            }
        }
        return new ApplyReport(changes);
    }

    private static String render(Map<String, String> configs) {
        return configs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
