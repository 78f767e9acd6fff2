package dev.parley.replay.internal.shadow;

import java.util.List;

/**
 * The comparison of one conversation.
 *
 * @param conversationId the conversation
 * @param status         whether it was compared at all
 * @param reason         why it was not compared; null when it was
 * @param liveMessages   messages of the conversation in the live log
 * @param shadowMessages messages of the conversation the shadow run wrote
 * @param divergences    what differs; always empty when not compared
 */
public record ConversationResult(String conversationId, Status status, String reason, long liveMessages,
                                 long shadowMessages, List<Divergence> divergences) {
    public ConversationResult {
        divergences = List.copyOf(divergences);
    }

    /**
     * A conversation is comparable only when the shadow run could have rebuilt it from scratch: its
     * first message was sent by a retained command. Otherwise the shadow starts it at seq 1 from a
     * later command and every seq would differ, which says nothing about the topology.
     */
    public enum Status { COMPARED, NOT_COMPARABLE }

    public boolean divergent() {
        return !divergences.isEmpty();
    }
}
