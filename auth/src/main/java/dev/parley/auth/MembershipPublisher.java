package dev.parley.auth;

import dev.parley.common.event.ConversationMembers;
import java.util.List;

/** Publishes member-list snapshots to {@code parley.memberships.v1}, keyed by conversation id. */
public interface MembershipPublisher extends AutoCloseable {
    /**
     * Sends the snapshots in order and blocks until every one is acknowledged.
     *
     * @throws StorageException when any of them could not be published (some may have been)
     */
    void publish(List<ConversationMembers> snapshots);

    @Override
    default void close() {
    }
}
