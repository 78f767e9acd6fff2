package dev.parley.auth;

import java.time.Instant;

/**
 * The subject of a verified access token.
 *
 * @param userId    the {@code sub} claim
 * @param username  the {@code username} claim
 * @param loginId   the {@code sid} claim: the login the token was issued to
 * @param expiresAt the {@code exp} claim
 * @param tokenId   the {@code jti} claim
 */
public record AuthenticatedUser(String userId, String username, String loginId, Instant expiresAt, String tokenId) {
}
