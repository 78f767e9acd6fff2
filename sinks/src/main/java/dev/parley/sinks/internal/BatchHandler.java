package dev.parley.sinks.internal;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@link BatchWorker} does with one polled batch: decode it once, apply it (perhaps
 * several times), and, when the store refuses something in it, apply it again record by record
 * to find which.
 *
 * @param <B> the decoded batch
 */
public interface BatchHandler<B> {

    /** A record that can never be processed, and why. */
    record Rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    /** A decoded batch and the records that could not be decoded (they must be dead-lettered). */
    record Decoded<B>(B batch, List<Rejected> rejected) {
        public Decoded {
            rejected = List.copyOf(rejected);
        }
    }

    /** The part of a batch that came from one record. */
    record Part<B>(ConsumerRecord<byte[], byte[]> record, B batch) {
    }

    /**
     * Decodes the records, in poll order (per partition: offset order). Records that can never be
     * processed (not valid JSON, not well-formed Unicode, missing fields, an unknown topic) are
     * returned as rejected; tombstones are left out silently. Must not throw.
     */
    Decoded<B> decode(List<ConsumerRecord<byte[], byte[]>> records);

    /**
     * Applies the batch. May block the calling worker thread (e.g. to await lookups); the stage
     * completes when every effect is done. Throwing or failing means the attempt failed; applying
     * the same batch again must be safe, and a handler may remember what already succeeded so that
     * a retry repeats only what failed.
     */
    CompletionStage<Void> apply(B batch);

    /** The batch split by source record, in log order; applying each part in turn equals applying the batch. */
    List<Part<B>> parts(B batch);
}
