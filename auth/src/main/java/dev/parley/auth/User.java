package dev.parley.auth;

import java.time.Instant;

/**
 * An account.
 *
 * @param id           the user id (a lowercase UUID string; opaque to clients)
 * @param username     3 to 32 of {@code [a-z0-9_.-]}, unique
 * @param passwordHash the encoded password hash ({@link PasswordHasher}); never logged or sent
 * @param createdAt    when the account was registered
 */
public record User(String id, String username, String passwordHash, Instant createdAt) {
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + "]";
    }
}
