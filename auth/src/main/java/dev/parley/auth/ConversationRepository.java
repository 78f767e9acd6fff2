package dev.parley.auth;

import java.util.function.Function;

/**
 * Conversations and their members, changed only inside a transaction so that a membership
 * change and its outbox row commit together or not at all.
 */
public interface ConversationRepository {
    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (the exception is rethrown). Do not keep the transaction object after {@code work} returns.
     *
     * @throws StorageException when the store fails; nothing was changed
     */
    <T> T inTransaction(Function<ConversationTransaction, T> work);
}
