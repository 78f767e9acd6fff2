package dev.parley.auth;

import dev.parley.common.event.ConversationMembers;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of one transaction on conversations. Rules (who may do what) are the caller's;
 * this interface only reads and writes. Concurrent transactions that {@linkplain #lock lock} the
 * same conversation run one after the other, so their outbox rows are in commit order.
 */
public interface ConversationTransaction {
    /** The conversation with its members, without locking; empty when unknown (or the id is no UUID). */
    Optional<Conversation> find(String conversationId);

    /**
     * Like {@link #find} but locks the conversation until the transaction ends; every membership
     * change locks first.
     */
    Optional<Conversation> lock(String conversationId);

    /** The subset of {@code userIds} that are existing accounts; ids that are not UUIDs are absent. */
    Set<String> existingUsers(Collection<String> userIds);

    /** The direct conversation of that {@linkplain Conversation#directKey pair}, if any. */
    Optional<Conversation> findDirect(String directKey);

    /**
     * Inserts a new conversation with its initial members (in the given order).
     *
     * @param directKey the pair key for a direct conversation, null for a group
     * @return false when a direct conversation with that key already exists (nothing inserted)
     */
    boolean insert(Conversation conversation, String directKey);

    /** Adds members not yet in the conversation, in the given order; existing members are ignored. */
    void addMembers(String conversationId, Collection<String> userIds, Instant at);

    /** @return true when the user was a member and is no longer */
    boolean removeMember(String conversationId, String userId);

    /**
     * Appends a member-list snapshot to the outbox, in this transaction.
     *
     * @param snapshot the snapshot; its {@code version} is ignored and replaced by the outbox id
     * @return the outbox id, which is the snapshot's version
     */
    long appendOutbox(ConversationMembers snapshot);
}
