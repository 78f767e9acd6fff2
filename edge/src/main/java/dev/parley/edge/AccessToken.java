package dev.parley.edge;

import java.time.Instant;
import java.util.Objects;

/**
 * A verified access token.
 *
 * @param userId    the {@code sub} claim: the authenticated user
 * @param expiresAt the {@code exp} claim: an open WebSocket is closed with 4001 at this instant
 */
public record AccessToken(String userId, Instant expiresAt) {
    public AccessToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
