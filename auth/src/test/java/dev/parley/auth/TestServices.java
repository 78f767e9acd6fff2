package dev.parley.auth;

import dev.parley.auth.internal.Argon2PasswordHasher;
import dev.parley.auth.internal.memory.InMemoryAttemptCounters;
import dev.parley.auth.internal.memory.InMemoryConversations;
import dev.parley.auth.internal.memory.InMemoryRefreshTokens;
import dev.parley.auth.internal.memory.InMemoryUserRepository;
import dev.parley.common.http.OriginPolicy;
import dev.parley.testkit.MutableClock;
import dev.parley.testkit.fakes.InMemoryLoginRevocations;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link AuthServices} over in-memory stores, cheap Argon2 parameters, a hand-moved clock and a
 * meter registry of its own.
 */
public final class TestServices {
    /** The browser origins allowed to call auth: a deployment's page and local development. */
    public static final String ORIGINS = "https://chat.example.com,http://localhost:*";
    public final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    public final InMemoryUserRepository users = new InMemoryUserRepository();
    public final InMemoryConversations conversations = new InMemoryConversations(users);
    public final InMemoryRefreshTokens refreshTokens = new InMemoryRefreshTokens();
    public final InMemoryAttemptCounters counters = new InMemoryAttemptCounters(clock);
    public final InMemoryLoginRevocations revocations = new InMemoryLoginRevocations(clock);
    public final AtomicBoolean databaseUp = new AtomicBoolean(true);
    public final KeyStore keys = KeyStore.of(List.of(KeyStore.generate(clock)));
    /** Prometheus, as in the service, but without the JVM meters and common tags (nothing to close). */
    public final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final AuthServices services;

    public TestServices(AuthConfig.Limits limits) {
        services = new AuthServices(users, conversations, refreshTokens, counters, revocations,
                new Argon2PasswordHasher(64, 1, 1, 4), keys, clock, Duration.ofMinutes(15), Duration.ofDays(30),
                limits, new AuthConfig.Http("127.0.0.1", 0, List.of(), AuthConfig.ForwardedHeader.X_FORWARDED_FOR,
                        OriginPolicy.parse(ORIGINS)),
                databaseUp::get, meters);
    }

    /** Limits no test that is not about them meets. */
    public TestServices() {
        this(limits(1_000_000, 1_000_000, 1_000_000, 1_000_000));
    }

    /** Windows of one minute (logins, registrations); calls per second with a burst of twice that. */
    public static AuthConfig.Limits limits(int failuresPerPair, int failuresPerAddress, int registrations,
                                           int callsPerSecond) {
        return new AuthConfig.Limits("memory", failuresPerPair, failuresPerAddress, Duration.ofMinutes(1),
                registrations, Duration.ofMinutes(1), callsPerSecond, 2 * callsPerSecond);
    }
}
