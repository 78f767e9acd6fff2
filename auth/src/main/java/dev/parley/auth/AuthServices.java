package dev.parley.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * Everything the HTTP routes need, wired by {@link Main} (real stores) or by tests (in-memory
 * stores); see {@link Main#routing}.
 *
 * @param users           accounts
 * @param conversations   conversations, members and the outbox writes
 * @param refreshTokens   refresh-token families
 * @param loginLimiter    login attempts per username and per client address
 * @param passwordHasher  password hashing
 * @param keys            the JWT signing keys
 * @param clock           time for tokens, rows and limits
 * @param accessTokenTtl  lifetime of access tokens
 * @param refreshTokenTtl lifetime of each refresh token
 * @param health          whether the database answers
 */
public record AuthServices(UserRepository users, ConversationRepository conversations,
                           RefreshTokenRepository refreshTokens, LoginLimiter loginLimiter,
                           PasswordHasher passwordHasher, KeyStore keys, Clock clock, Duration accessTokenTtl,
                           Duration refreshTokenTtl, HealthProbe health) {
    /** How far a verifier tolerates clock differences between machines. */
    public static final Duration CLOCK_LEEWAY = Duration.ofSeconds(30);

    public TokenIssuer tokenIssuer() {
        return new TokenIssuer(keys, clock, accessTokenTtl);
    }

    public AccessTokenVerifier tokenVerifier() {
        return new AccessTokenVerifier(keys.publicJwks(), clock, CLOCK_LEEWAY);
    }
}
