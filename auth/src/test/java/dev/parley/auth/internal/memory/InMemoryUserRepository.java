package dev.parley.auth.internal.memory;

import dev.parley.auth.User;
import dev.parley.auth.UserRepository;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts in memory, for tests. */
public final class InMemoryUserRepository implements UserRepository {
    private final ConcurrentHashMap<String, User> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, User> byId = new ConcurrentHashMap<>();

    @Override
    public boolean create(User user) {
        if (byName.putIfAbsent(user.username(), user) != null) {
            return false;
        }
        byId.put(user.id(), user);
        return true;
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return Optional.ofNullable(byName.get(username));
    }

    @Override
    public Optional<User> findById(String userId) {
        return Optional.ofNullable(byId.get(userId));
    }

    @Override
    public Set<String> existing(Collection<String> userIds) {
        Set<String> out = new HashSet<>();
        for (String id : userIds) {
            if (byId.containsKey(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
