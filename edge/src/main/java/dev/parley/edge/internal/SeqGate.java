package dev.parley.edge.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract's order guarantee held at the last hop: a session is given a conversation's
 * {@code message} frames only in increasing {@code seq}. Upstream, a retried Redis publish can
 * repeat a frame, or deliver it after a later one when only part of a batch failed; a frame at or
 * below the highest seq this session already got for its conversation is such a repeat or a late
 * one, and is dropped. The client never misses it: it sees the jump to the later seq and catches
 * up with {@code messages?after=}, as the contract says.
 *
 * <p>Created lazily (most sessions of an idle edge never get a message) and bounded: past
 * {@value #MAX_CONVERSATIONS} conversations the least recently delivered one is forgotten, which at
 * worst lets one late duplicate of it through.
 */
final class SeqGate {
    static final int MAX_CONVERSATIONS = 256;

    private final Map<String, Long> highest = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    /** @return true when {@code seq} is above every seq already admitted for {@code conversationId} */
    synchronized boolean admit(String conversationId, long seq) {
        Long last = highest.get(conversationId);
        if (last != null && seq <= last) {
            return false;
        }
        highest.put(conversationId, seq);
        return true;
    }
}
