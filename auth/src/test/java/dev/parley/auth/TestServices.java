package dev.parley.auth;

import dev.parley.testkit.MutableClock;
import dev.parley.auth.internal.Argon2PasswordHasher;
import dev.parley.auth.internal.memory.InMemoryConversations;
import dev.parley.auth.internal.memory.InMemoryLoginLimiter;
import dev.parley.auth.internal.memory.InMemoryRefreshTokens;
import dev.parley.auth.internal.memory.InMemoryUserRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link AuthServices} over in-memory stores, cheap Argon2 parameters and a hand-moved clock. */
public final class TestServices {
    public final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    public final InMemoryUserRepository users = new InMemoryUserRepository();
    public final InMemoryConversations conversations = new InMemoryConversations(users);
    public final InMemoryRefreshTokens refreshTokens = new InMemoryRefreshTokens();
    public final AtomicBoolean databaseUp = new AtomicBoolean(true);
    public final KeyStore keys = KeyStore.of(List.of(KeyStore.generate(clock)));
    public final AuthServices services;

    public TestServices(int loginAttempts) {
        services = new AuthServices(users, conversations, refreshTokens,
                new InMemoryLoginLimiter(loginAttempts, Duration.ofMinutes(1), clock),
                new Argon2PasswordHasher(64, 1, 1, 4), keys, clock, Duration.ofMinutes(15), Duration.ofDays(30),
                databaseUp::get);
    }
}
