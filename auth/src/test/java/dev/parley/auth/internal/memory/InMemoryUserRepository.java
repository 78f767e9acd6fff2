package dev.parley.auth.internal.memory;

import dev.parley.auth.StorageException;
import dev.parley.auth.User;
import dev.parley.auth.UserRepository;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts in memory, for tests; {@link #failing} makes it a database that is down. */
public final class InMemoryUserRepository implements UserRepository {
    private final ConcurrentHashMap<String, User> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, User> byId = new ConcurrentHashMap<>();
    private volatile boolean failing;

    /** While true, every call throws {@link StorageException}. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    private void up() {
        if (failing) {
            throw new StorageException("database down (test)", null);
        }
    }

    @Override
    public boolean create(User user) {
        up();
        if (byName.putIfAbsent(user.username(), user) != null) {
            return false;
        }
        byId.put(user.id(), user);
        return true;
    }

    @Override
    public Optional<User> findByUsername(String username) {
        up();
        return Optional.ofNullable(byName.get(username));
    }

    @Override
    public Optional<User> findById(String userId) {
        up();
        return Optional.ofNullable(byId.get(userId));
    }

    @Override
    public Set<String> existing(Collection<String> userIds) {
        up();
        Set<String> out = new HashSet<>();
        for (String id : userIds) {
            if (byId.containsKey(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
