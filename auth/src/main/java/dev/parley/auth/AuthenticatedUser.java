package dev.parley.auth;

import java.time.Instant;

/**
 * The subject of a verified access token.
 *
 * @param userId    the {@code sub} claim
 * @param username  the {@code username} claim
 * @param expiresAt the {@code exp} claim
 * @param tokenId   the {@code jti} claim
 */
public record AuthenticatedUser(String userId, String username, Instant expiresAt, String tokenId) {
}
