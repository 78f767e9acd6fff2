package dev.parley.edge.internal;

import dev.parley.edge.DirectPeers;
import dev.parley.edge.HistoryReader;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The presence policy, from the CQL projections the sinks keep: a user's presence is visible to
 * the other member of a direct conversation <em>in which that user has taken part</em>, i.e. has
 * a read position above 0 there ({@code read_state}). Anything less would let a stranger learn
 * when someone is online without their doing: anyone may add anyone to a group, or open a direct
 * conversation with anyone. Reading a conversation already tells its other member as much (a read
 * receipt), so it is the consent presence asks for. Group membership alone never shows presence.
 *
 * <p>Lookups are single-partition reads: {@code read_state} of one user, then {@code conversations} per
 * conversation taken part in ({@link #visibleTo} reads the caller's {@code user_conversations} too). They
 * run on presence workers and REST threads.
 */
public final class HistoryDirectPeers implements DirectPeers {
    static final String DIRECT = "direct";

    private final HistoryReader history;

    public HistoryDirectPeers(HistoryReader history) {
        this.history = history;
    }

    /**
     * Who may see {@code userId}'s presence: the peers of the direct conversations that user took part in.
     * The user's read positions name those conversations, so their list of conversations is not read:
     * one partition read less on every connect and recheck (half of a connect storm's CQL reads when
     * few users have read anything yet). Membership is still checked, on the conversation itself.
     */
    @Override
    public List<String> of(String userId) {
        Set<String> peers = new LinkedHashSet<>();
        for (Map.Entry<String, Long> read : history.readPositions(userId).entrySet()) {
            if (read.getValue() <= 0) {
                continue;
            }
            String conversationId = read.getKey();
            history.conversation(conversationId)
                    .filter(c -> DIRECT.equals(c.kind()) && c.members().contains(userId))
                    .ifPresent(c -> c.members().stream().filter(m -> !m.equals(userId)).forEach(peers::add));
        }
        return List.copyOf(peers);
    }

    /**
     * Which of {@code userIds} show their presence to {@code caller} (the caller always sees
     * itself): those who share a direct conversation with the caller and took part in it.
     */
    public Set<String> visibleTo(String caller, Collection<String> userIds) {
        Set<String> asked = new HashSet<>(userIds);
        Set<String> visible = new HashSet<>();
        if (asked.remove(caller)) {
            visible.add(caller);
        }
        if (asked.isEmpty()) {
            return visible;
        }
        Map<String, String> directWith = new HashMap<>(); // peer -> the direct conversation with the caller
        for (String conversationId : history.conversationIds(caller)) {
            history.conversation(conversationId)
                    .filter(c -> DIRECT.equals(c.kind()) && c.members().contains(caller))
                    .ifPresent(c -> c.members().stream().filter(asked::contains)
                            .forEach(peer -> directWith.put(peer, conversationId)));
        }
        directWith.forEach((peer, conversationId) -> {
            if (history.readPositions(peer).getOrDefault(conversationId, 0L) > 0) {
                visible.add(peer);
            }
        });
        return visible;
    }
}
