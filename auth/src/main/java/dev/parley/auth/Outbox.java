package dev.parley.auth;

import dev.parley.common.event.ConversationMembers;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The relay side of the transactional outbox (rows are appended by
 * {@link ConversationTransaction#appendOutbox}). Every entry is a full
 * {@link ConversationMembers} snapshot whose {@code version} is its outbox id.
 */
public interface Outbox {
    /**
     * Claims up to {@code limit} unpublished entries in id order and hands them to
     * {@code publish}, which returns only once every one of them is acknowledged by Kafka (or
     * throws). Only then are they marked published, in the same transaction that claimed them; if
     * {@code publish} throws, nothing is marked and the entries are claimed again later
     * (at-least-once). While one relay holds a batch, another relay (another auth instance)
     * claims nothing, so snapshots of a conversation are published in version order.
     *
     * @return how many entries were published (0 when none were pending or another relay is busy)
     * @throws StorageException when the outbox cannot be read or updated
     */
    int publishPending(int limit, Consumer<List<ConversationMembers>> publish);

    /**
     * What waits to be published: for the backlog meters, read every few seconds, never per entry.
     *
     * @throws StorageException when the outbox cannot be read
     */
    Backlog backlog();

    /**
     * @param entries the entries not yet published
     * @param oldest  when the oldest of them was appended; empty when there is none
     */
    record Backlog(long entries, Optional<Instant> oldest) {
        public static final Backlog EMPTY = new Backlog(0, Optional.empty());
    }
}
