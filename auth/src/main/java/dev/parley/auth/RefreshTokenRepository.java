package dev.parley.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens, stored only as their SHA-256 hash (hex). Each login starts a <em>family</em>;
 * every refresh replaces the family's current token by a new one. Presenting a token that was
 * already replaced means it leaked (or a client raced itself): the whole family is revoked.
 * Implementations are thread-safe; two refreshes with the same token are serialised, and the
 * second one counts as reuse.
 */
public interface RefreshTokenRepository {
    /** Stores the first token of a new family (a login). */
    void create(String tokenHash, String familyId, String userId, Instant now, Instant expiresAt);

    /**
     * Replaces the token {@code presentedHash} by {@code newHash} in one transaction.
     *
     * @return {@link Rotation.Rotated} when done; {@link Rotation.Reused} when the presented
     *         token had already been replaced (the family is now revoked, and that revocation is
     *         committed); {@link Rotation.Expired} when it is past its lifetime (and its login not
     *         revoked); {@link Rotation.Invalid} when unknown or revoked
     */
    Rotation rotate(String presentedHash, String newHash, Instant now, Instant newExpiresAt);

    /**
     * Revokes the family of the token (logout). Unknown tokens are ignored.
     *
     * @return the family (login) id of a known token, revoked now or before; empty for an unknown
     *         token. Answering a family revoked before lets a repeated logout announce it again, in
     *         case the first announcement was lost.
     */
    Optional<String> revokeFamily(String tokenHash, Instant now);

    /** The outcome of {@link #rotate}. */
    sealed interface Rotation {
        record Rotated(String userId, String familyId) implements Rotation {
        }

        record Reused(String userId, String familyId) implements Rotation {
        }

        record Expired() implements Rotation {
        }

        record Invalid() implements Rotation {
        }
    }
}
