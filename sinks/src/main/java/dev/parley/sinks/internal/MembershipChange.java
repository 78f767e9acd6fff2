package dev.parley.sinks.internal;

import dev.parley.common.event.ConversationMembers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What storing member-list snapshots means for one conversation: write the newest snapshot, give
 * each of its members the conversation, and take it away from every user who was a member in the
 * stored snapshot or in an earlier snapshot of the same batch but is not any more.
 *
 * <p>Stores write the user rows first and the conversation row last, so a stored version means
 * "all user rows of that version are written": a retry after a partial failure recomputes the same
 * change, and a snapshot not newer than the stored one needs nothing.
 *
 * @param latest  the snapshot to store
 * @param removed users whose {@code user_conversations} row must be deleted (at {@code latest.version()})
 */
public record MembershipChange(ConversationMembers latest, Set<String> removed) {

    public MembershipChange {
        removed = Set.copyOf(removed);
    }

    /** Snapshots grouped by conversation, keeping log order within and across conversations. */
    public static Map<String, List<ConversationMembers>> byConversation(List<ConversationMembers> snapshots) {
        Map<String, List<ConversationMembers>> grouped = new LinkedHashMap<>();
        for (ConversationMembers s : snapshots) {
            grouped.computeIfAbsent(s.conversationId(), k -> new ArrayList<>()).add(s);
        }
        return grouped;
    }

    /**
     * @param stored    the stored snapshot of the conversation, or null when there is none
     * @param snapshots this batch's snapshots of that conversation, in log order (not empty)
     * @return the change, or empty when the stored snapshot is already as new as any of them
     */
    public static Optional<MembershipChange> of(ConversationMembers stored, List<ConversationMembers> snapshots) {
        ConversationMembers latest = snapshots.getFirst();
        for (ConversationMembers s : snapshots) {
            if (s.version() >= latest.version()) {
                latest = s;
            }
        }
        if (stored != null && stored.version() >= latest.version()) {
            return Optional.empty();
        }
        Set<String> removed = new LinkedHashSet<>();
        if (stored != null) {
            removed.addAll(stored.members());
        }
        snapshots.forEach(s -> removed.addAll(s.members()));
        latest.members().forEach(removed::remove);
        return Optional.of(new MembershipChange(latest, removed));
    }
}
