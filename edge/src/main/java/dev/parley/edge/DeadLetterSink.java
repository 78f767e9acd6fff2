package dev.parley.edge;

import dev.parley.common.event.DeadLetter;

/**
 * Where the edge puts what it can never process ({@code Topics.DEAD_LETTERS}): today the node
 * channel's undecodable or undeliverable envelopes. Fire and forget: never blocks the caller
 * (the node channel's I/O thread); a letter that cannot be written is logged.
 */
public interface DeadLetterSink {

    /** @param key the record key: the source the letter came from (e.g. the node channel's name) */
    void send(String key, DeadLetter letter);
}
