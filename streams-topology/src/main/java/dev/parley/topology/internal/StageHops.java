package dev.parley.topology.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.SendCommand;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.Hop;
import dev.parley.common.observe.Observability;
import dev.parley.common.observe.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One stage's hop of a message's trace and its command counter: the hop is a child of the input
 * record's {@code traceparent} header and puts its own on every record the stage emits (Kafka
 * Streams keeps a record's headers through forward, sinks and the by-conversation topic).
 */
final class StageHops {
    private final String stage;
    private final String hopName;
    private final Tracing tracing;
    private final TopologyMeters meters;

    StageHops(String stage, String hopName, Map<String, ?> appConfigs) {
        Observability obs = ObserveHooks.of(appConfigs);
        this.stage = stage;
        this.hopName = hopName;
        this.tracing = obs.tracing();
        this.meters = new TopologyMeters(obs.meters());
    }

    /** Starts the hop of {@code record}; {@code command} (null when unreadable) names its attributes. */
    Hop start(Record<?, ?> record, Command command) {
        return tracing.start(hopName, TraceHeader.get(record.headers()), attributes(command));
    }

    /** The record with {@code hop} as the parent of whatever is derived from it. */
    static <K, V> Record<K, V> traced(Record<K, V> record, Hop hop) {
        Record<K, V> copy = record.withHeaders(record.headers()); // Record copies its headers
        TraceHeader.set(copy.headers(), hop.traceparent());
        return copy;
    }

    /** What a stage does with one readable command: plans its outputs into {@code plan}, returns its outcome. */
    @FunctionalInterface
    interface Planner {
        String plan(Plan plan, Record<byte[], byte[]> traced);
    }

    /**
     * One readable command through a stage, as one hop: planned on the record traced by the hop
     * (so every output carries it), applied only when the whole plan could be made; a plan that
     * throws dead-letters the record instead. The outcome is counted either way.
     */
    void process(Record<byte[], byte[]> input, Command command, Planner planner, DeadLetters deadLetters,
                 ProcessorContext<String, byte[]> context) {
        try (Hop hop = start(input, command)) {
            Record<byte[], byte[]> traced = traced(input, hop);
            Plan plan = new Plan();
            String outcome;
            try {
                outcome = planner.plan(plan, traced);
            } catch (RuntimeException e) {
                deadLetters.send(traced, e);
                finish(hop, TopologyMeters.DEAD_LETTER);
                return;
            }
            plan.apply(context);
            finish(hop, outcome);
        }
    }

    /** Counts the outcome once the record's plan is applied, and marks a refused or dead-lettered hop failed. */
    void finish(Hop hop, String outcome) {
        meters.command(stage, outcome);
        if (TopologyMeters.failed(outcome)) {
            hop.failed(outcome);
        }
    }

    /**
     * The conversation and clientMsgId, each only when it is a valid id: these reach log lines
     * ({@code observe.log-hops}) before the command is validated, so hostile text must not.
     */
    private static String[] attributes(Command c) {
        List<String> a = new ArrayList<>(4);
        if (c != null && CommandValidator.idProblem(c.conversationId()) == null) {
            a.add("conversation");
            a.add(c.conversationId());
        }
        if (c instanceof SendCommand s && CommandValidator.idProblem(s.clientMsgId()) == null) {
            a.add("clientMsgId");
            a.add(s.clientMsgId());
        }
        return a.toArray(String[]::new);
    }
}
