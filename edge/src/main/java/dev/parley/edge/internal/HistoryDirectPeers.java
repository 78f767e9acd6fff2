package dev.parley.edge.internal;

import dev.parley.edge.DirectPeers;
import dev.parley.edge.HistoryReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link DirectPeers} from the CQL projections the sinks keep: the user's conversations
 * ({@code user_conversations}), then each one's kind and members ({@code conversations}). One read
 * per conversation, on the presence worker threads only; presence changes are rare next to messages.
 */
public final class HistoryDirectPeers implements DirectPeers {
    static final String DIRECT = "direct";

    private final HistoryReader history;

    public HistoryDirectPeers(HistoryReader history) {
        this.history = history;
    }

    @Override
    public List<String> of(String userId) {
        Set<String> peers = new LinkedHashSet<>();
        for (String conversationId : history.conversationIds(userId)) {
            history.conversation(conversationId)
                    .filter(c -> DIRECT.equals(c.kind()) && c.members().contains(userId))
                    .ifPresent(c -> c.members().stream().filter(m -> !m.equals(userId)).forEach(peers::add));
        }
        return List.copyOf(peers);
    }
}
