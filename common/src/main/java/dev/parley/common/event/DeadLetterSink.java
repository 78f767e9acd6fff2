package dev.parley.common.event;

import java.util.concurrent.CompletionStage;

/**
 * Where a stage puts what it can never process ({@code Topics.DEAD_LETTERS}), so that it can move
 * on. One contract for every service: {@code dev.parley.common.kafka.KafkaDeadLetterSink} is the
 * real one, testkit's {@code InMemoryDeadLetters} the one for unit tests.
 *
 * <p>{@code send} never blocks the caller (an edge's I/O thread, a sink's worker). The stage
 * completes when the letter is durable and fails when it cannot be written; a caller that must not
 * move past an unwritten letter (the sinks' workers) treats that failure as an outage, a caller
 * that cannot wait (the edge's node channel) logs it.
 */
public interface DeadLetterSink {

    /** @param key the record key: the original record's key, or the source the letter came from; may be null */
    CompletionStage<Void> send(byte[] key, DeadLetter letter);
}
