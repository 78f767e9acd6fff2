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

    /**
     * Why a record can never be processed, as a closed set: the {@code reason} tag of the
     * dead-letter meter (the letter itself carries the full text).
     */
    enum Cause {
        /** Not JSON, not well-formed Unicode, trailing data, the wrong shape. */
        UNDECODABLE("undecodable"),
        /** Decoded, but required fields are missing or invalid. */
        INVALID("invalid"),
        /** A record of a topic the stage does not consume. */
        UNKNOWN_TOPIC("unknown_topic"),
        /** The store (CQL, Redis) refused the value ({@link Failure#POISON}). */
        REFUSED("refused");

        private final String tag;

        Cause(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** A record that can never be processed: the kind of failure and the text the dead letter carries. */
    record Rejected(ConsumerRecord<byte[], byte[]> record, Cause cause, String reason) {
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
