package dev.parley.auth;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts. Implementations are thread-safe; a storage failure surfaces as
 * {@link StorageException}.
 */
public interface UserRepository {
    /**
     * Creates the account unless the username is taken.
     *
     * @return true when created, false when the username already exists (nothing changed)
     */
    boolean create(User user);

    Optional<User> findByUsername(String username);

    Optional<User> findById(String userId);

    /** The subset of {@code userIds} that are existing accounts. Ids that are not UUIDs are simply absent. */
    Set<String> existing(Collection<String> userIds);
}
