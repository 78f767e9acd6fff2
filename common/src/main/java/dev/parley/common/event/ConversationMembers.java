package dev.parley.common.event;

import java.time.Instant;
import java.util.List;

/**
 * The full member list of a conversation after a change, as auth's outbox relay publishes it to
 * the compacted topic {@code parley.memberships.v1} keyed by conversation id. A snapshot rather
 * than a delta, so compaction keeps exactly the current state and consumers are idempotent.
 *
 * @param conversationId the conversation
 * @param kind           {@code direct} or {@code group}
 * @param title          the group title, or null for direct conversations
 * @param members        current member user ids, in the order they joined
 * @param version        the outbox sequence of this change; consumers ignore a version lower
 *                       than one they have already applied
 * @param changedAt      when the change was committed in auth's database
 */
public record ConversationMembers(String conversationId, String kind, String title, List<String> members,
                                  long version, Instant changedAt) {
    public ConversationMembers {
        members = List.copyOf(members);
    }

    public boolean isMember(String userId) {
        return members.contains(userId);
    }
}
