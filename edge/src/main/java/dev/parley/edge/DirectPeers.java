package dev.parley.edge;

import java.util.List;

/**
 * Who shares a direct conversation with a user: the people told when that user comes online or
 * goes offline ({@code presence} frames). Read from the CQL projections, so it may block: callers
 * run it on their own worker threads, never on an event loop or under a lock.
 */
public interface DirectPeers {

    /**
     * @return the other member of each direct conversation of {@code userId}, without duplicates
     *         and never {@code userId} itself; empty when the user has none
     * @throws RuntimeException when the store is unreachable
     */
    List<String> of(String userId);
}
