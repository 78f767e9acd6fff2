package dev.parley.ops;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link Ops#applyTopics} changed, in the order of topics.yaml. An empty report means the
 * cluster already matched the file. {@link #toString()} prints one line per change.
 */
public record ApplyReport(List<Change> changes) {
    /** The kinds of change; {@code WARNING} is something the file asks for that is never done (e.g. fewer partitions). */
    public enum Kind { CREATED, PARTITIONS_RAISED, CONFIG_UPDATED, WARNING }

    /** One change to one topic; {@code detail} is human-readable. */
    public record Change(Kind kind, String topic, String detail) {
        @Override
        public String toString() {
            String verb = switch (kind) {
                case CREATED -> "created";
                case PARTITIONS_RAISED -> "raised partitions of";
                case CONFIG_UPDATED -> "updated configs of";
                case WARNING -> "WARNING";
            };
            return verb + " " + topic + ": " + detail;
        }
    }

    public ApplyReport {
        changes = List.copyOf(changes);
    }

    public List<Change> of(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }

    /** Names of the topics created by this run. */
    public List<String> created() {
        return of(Kind.CREATED).stream().map(Change::topic).toList();
    }

    public List<Change> warnings() {
        return of(Kind.WARNING);
    }

    /** Whether nothing was changed and nothing warned about. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    @Override
    public String toString() {
        return changes.isEmpty() ? "no changes" : changes.stream().map(Change::toString).collect(Collectors.joining("\n"));
    }
}
