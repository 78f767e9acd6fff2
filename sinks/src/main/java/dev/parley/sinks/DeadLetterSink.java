package dev.parley.sinks;

import dev.parley.common.event.DeadLetter;
import java.util.concurrent.CompletionStage;

/**
 * Where a stage puts a record it can never process ({@code parley.dead-letters.v1}).
 *
 * <p>The stage completes when the letter is durable; it fails when the transport is unavailable,
 * and then the worker treats that as an outage: it does not commit past a record whose letter
 * was not written.
 */
public interface DeadLetterSink {

    /** @param key the original record's key bytes (the letter's key on the topic), may be null */
    CompletionStage<Void> send(byte[] key, DeadLetter letter);
}
