package dev.parley.auth.internal.memory;

import dev.parley.auth.RefreshTokenRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Refresh-token families in memory (tests). */
public final class InMemoryRefreshTokens implements RefreshTokenRepository {
    private record Token(String familyId, String userId, Instant expiresAt, boolean replaced) {
    }

    private final Map<String, Token> tokens = new HashMap<>();
    private final Set<String> revokedFamilies = new HashSet<>();

    @Override
    public synchronized void create(String tokenHash, String familyId, String userId, Instant now, Instant expiresAt) {
        tokens.put(tokenHash, new Token(familyId, userId, expiresAt, false));
    }

    @Override
    public synchronized Rotation rotate(String presentedHash, String newHash, Instant now, Instant newExpiresAt) {
        Token t = tokens.get(presentedHash);
        if (t == null || revokedFamilies.contains(t.familyId())) {
            return new Rotation.Invalid();
        }
        if (!now.isBefore(t.expiresAt())) {
            return new Rotation.Expired();
        }
        if (t.replaced()) {
            revokedFamilies.add(t.familyId());
            return new Rotation.Reused(t.userId(), t.familyId());
        }
        tokens.put(presentedHash, new Token(t.familyId(), t.userId(), t.expiresAt(), true));
        tokens.put(newHash, new Token(t.familyId(), t.userId(), newExpiresAt, false));
        return new Rotation.Rotated(t.userId(), t.familyId());
    }

    @Override
    public synchronized Optional<String> revokeFamily(String tokenHash, Instant now) {
        Token t = tokens.get(tokenHash);
        if (t == null) {
            return Optional.empty();
        }
        revokedFamilies.add(t.familyId());
        return Optional.of(t.familyId());
    }
}
