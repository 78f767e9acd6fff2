package dev.parley.sinks.internal;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@link BatchWorker} does with one polled batch, in two steps so that a retried batch is
 * decoded only once.
 *
 * @param <B> the decoded batch
 */
public interface BatchHandler<B> {

    /**
     * Decodes the records, in poll order (per partition: offset order). Records that can never be
     * processed (not valid JSON, missing fields) are logged and left out; they must not throw.
     */
    B decode(List<ConsumerRecord<String, byte[]>> records);

    /**
     * Applies the batch. May block the calling worker thread (e.g. to await lookups); the stage
     * completes when every effect is done. Throwing or failing means "retry the whole batch"; it
     * must therefore be safe to apply the same batch again.
     */
    CompletionStage<Void> apply(B batch);
}
