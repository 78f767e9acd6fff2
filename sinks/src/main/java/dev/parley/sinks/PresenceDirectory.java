package dev.parley.sinks;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Which edge nodes currently hold sessions of a user. Presence is kept by the edges (in Redis:
 * {@code RedisKeys.presence(userId)}, field = node id, value = epoch ms until which that node
 * vouches for the user); an entry whose time is not after "now" of the injected clock is expired
 * and ignored.
 */
public interface PresenceDirectory {

    /**
     * Looks up a chunk of users at once (implementations pipeline the lookups).
     *
     * @return for each given user that is online on at least one node: the ids of those nodes;
     *         offline users are absent. The stage fails when the directory is unreachable.
     */
    CompletionStage<Map<String, Set<String>>> nodesOf(Collection<String> userIds);
}
