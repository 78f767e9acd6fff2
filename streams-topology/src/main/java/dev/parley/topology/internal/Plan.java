package dev.parley.topology.internal;

import dev.parley.common.json.Json;
import dev.parley.common.text.Unicode;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Everything one input record does to the stores and the outputs, decided before any of it happens.
 *
 * <p>A processor first <em>plans</em> (reads stores, validates, computes seqs and every output
 * record) and only then {@linkplain #apply applies} the plan (store writes, then forwards). Any
 * exception while planning has changed nothing yet, so the record can safely be dead-lettered and
 * the transaction committed. An exception while applying may have left a store written without its
 * outputs (a seq without its message: a gap); it is therefore never caught, and
 * {@link DeadLetterHandler} answers FAIL, so the task fails and its transaction aborts: the record
 * is processed again from the last commit, by this instance after a restart or by another one.
 *
 * <p>Outputs are serialised while planning, not by the sink: a value that cannot be written (a
 * malformed string that {@code Json.write} refuses, a record too large for the producer) is then a
 * planning failure, dead-lettered with nothing written. Left to the sink it would fail while
 * applying, after the counter was written, where neither dropping it (a seq gap) nor failing the
 * task (the same record fails again after every restart: a stuck partition) is acceptable.
 */
final class Plan {
    private final List<Runnable> writes = new ArrayList<>();
    /**
     * Largest encoded output accepted. Below the producer's {@code max.request.size} and the
     * broker's {@code message.max.bytes} (both about 1 MiB by default) with room for the record
     * overhead: a larger record would fail the transaction at send time, deterministically.
     */
    static final int MAX_RECORD_BYTES = 1_000_000;

    private final List<Output> outputs = new ArrayList<>();

    /** One encoded record for one child (sink) node. */
    private record Output(String child, Record<String, byte[]> record) {
    }

    /** A store write to make when the plan is applied. */
    Plan write(Runnable write) {
        writes.add(write);
        return this;
    }

    /**
     * A record to forward to {@code child} when the plan is applied, after every write; encoded now.
     *
     * @throws IllegalArgumentException when the key or value cannot be written
     */
    Plan emit(String child, Record<String, ?> record) {
        outputs.add(new Output(child, encode(record)));
        return this;
    }

    /** The record with its value as JSON bytes, refusing what a sink would mangle or the broker refuse. */
    static Record<String, byte[]> encode(Record<String, ?> record) {
        // The key's serialiser would silently turn an unpaired surrogate into '?'.
        Unicode.requireWellFormed(record.key(), "the output key");
        byte[] value = record.value() == null ? null : Json.writeBytes(record.value());
        if (value != null && value.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("output of " + value.length + " bytes exceeds " + MAX_RECORD_BYTES);
        }
        return record.withValue(value);
    }

    /** Writes, then forwards. Exceptions propagate: see the class comment for why. */
    void apply(ProcessorContext<String, byte[]> context) {
        writes.forEach(Runnable::run);
        for (Output o : outputs) {
            context.forward(o.record(), o.child());
        }
    }
}
