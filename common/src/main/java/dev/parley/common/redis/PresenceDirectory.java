package dev.parley.common.redis;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Which edge nodes currently hold sessions of a user: the read side of the presence hashes
 * ({@link PresenceHash}). The sinks' router reads it to fan deliveries out; the edge to answer
 * presence queries and to find the peers a presence change must reach.
 */
public interface PresenceDirectory {

    /**
     * Looks up a chunk of users at once (implementations pipeline the lookups); a vouch whose time
     * is not after the injected clock's "now" is expired and ignored.
     *
     * @return for each given user online on at least one node, those nodes; offline users are
     *         absent. The stage fails when the store is unreachable.
     */
    CompletionStage<Map<String, Set<String>>> nodesOf(Collection<String> userIds);
}
