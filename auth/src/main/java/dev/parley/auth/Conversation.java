package dev.parley.auth;

import java.time.Instant;
import java.util.List;

/**
 * A conversation with its current members.
 *
 * @param id        the conversation id (a lowercase UUID string)
 * @param kind      {@link #DIRECT} or {@link #GROUP}
 * @param title     the group title; null for direct conversations
 * @param creatorId the user who created it (may remove other members of a group)
 * @param createdAt when it was created
 * @param members   member user ids in the order they joined
 */
public record Conversation(String id, String kind, String title, String creatorId, Instant createdAt,
                           List<String> members) {
    public static final String DIRECT = "direct";
    public static final String GROUP = "group";
    /** A group holds at most this many members (contract). */
    public static final int MAX_GROUP_MEMBERS = 10_000;
    /** At most this many user ids in one create or add call (contract). */
    public static final int MAX_MEMBERS_PER_CALL = 1_000;

    public Conversation {
        members = List.copyOf(members);
    }

    public boolean isMember(String userId) {
        return members.contains(userId);
    }

    public Conversation withMembers(List<String> newMembers) {
        return new Conversation(id, kind, title, creatorId, createdAt, newMembers);
    }

    /** The key that makes a direct conversation unique per unordered pair of users. */
    public static String directKey(String userA, String userB) {
        return userA.compareTo(userB) <= 0 ? userA + ":" + userB : userB + ":" + userA;
    }
}
