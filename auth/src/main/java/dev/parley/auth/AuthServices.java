package dev.parley.auth;

import dev.parley.common.auth.LoginRevocations;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything the HTTP routes need, wired by {@link Main} (real stores) or by tests (in-memory
 * stores); see {@link Main#routing}.
 *
 * @param users           accounts
 * @param conversations   conversations, members and the outbox writes
 * @param refreshTokens   refresh-token families (logins)
 * @param attemptCounters counts behind the login and registration limits
 * @param revocations     where ended logins are announced to the edges
 * @param passwordHasher  password hashing
 * @param keys            the JWT signing keys
 * @param clock           time for tokens, rows and limits
 * @param accessTokenTtl  lifetime of access tokens
 * @param refreshTokenTtl lifetime of each refresh token
 * @param limits          the abuse limits
 * @param http            whose forwarded header to believe for the client address
 * @param health          whether the database answers
 * @param meters          where the account meters are registered (the service's Prometheus registry)
 */
public record AuthServices(UserRepository users, ConversationRepository conversations,
                           RefreshTokenRepository refreshTokens, AttemptCounters attemptCounters,
                           LoginRevocations revocations, PasswordHasher passwordHasher, KeyStore keys, Clock clock,
                           Duration accessTokenTtl, Duration refreshTokenTtl, AuthConfig.Limits limits,
                           AuthConfig.Http http, HealthProbe health, MeterRegistry meters) {

    public TokenIssuer tokenIssuer() {
        return new TokenIssuer(keys, clock, accessTokenTtl);
    }

    public AccessTokenVerifier tokenVerifier() {
        return new AccessTokenVerifier(keys.publicJwks(), clock);
    }
}
