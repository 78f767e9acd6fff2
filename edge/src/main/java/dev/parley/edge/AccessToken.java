package dev.parley.edge;

import java.time.Instant;
import java.util.Objects;

/**
 * A verified access token.
 *
 * @param userId    the {@code sub} claim: the authenticated user
 * @param expiresAt when the edge stops honouring the token: an open WebSocket is closed with 4001
 *                  at this instant
 * @param loginId   the login ({@code AccessTokens.LOGIN_CLAIM}) the token belongs to; null for
 *                  tokens issued before logins were named, which cannot be revoked early
 */
public record AccessToken(String userId, Instant expiresAt, String loginId) {
    public AccessToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public AccessToken(String userId, Instant expiresAt) {
        this(userId, expiresAt, null);
    }
}
