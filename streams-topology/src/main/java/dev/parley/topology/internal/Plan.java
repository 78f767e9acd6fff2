package dev.parley.topology.internal;

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
 */
final class Plan {
    private final List<Runnable> writes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();

    /** One record for one child (sink) node. */
    private record Output(String child, Record<String, Object> record) {
    }

    /** A store write to make when the plan is applied. */
    Plan write(Runnable write) {
        writes.add(write);
        return this;
    }

    /** A record to forward to {@code child} when the plan is applied, after every write. */
    Plan emit(String child, Record<String, Object> record) {
        outputs.add(new Output(child, record));
        return this;
    }

    boolean isEmpty() {
        return writes.isEmpty() && outputs.isEmpty();
    }

    /** Writes, then forwards. Exceptions propagate: see the class comment for why. */
    void apply(ProcessorContext<String, Object> context) {
        writes.forEach(Runnable::run);
        for (Output o : outputs) {
            context.forward(o.record(), o.child());
        }
    }
}
