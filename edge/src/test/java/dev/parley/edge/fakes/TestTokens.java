package dev.parley.edge.fakes;

import dev.parley.edge.AccessToken;
import dev.parley.edge.InvalidTokenException;
import dev.parley.edge.TokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Tokens are opaque names issued by the test; expiry is checked against the test clock. */
public final class TestTokens implements TokenVerifier {
    private final Clock clock;
    private final Map<String, AccessToken> issued = new ConcurrentHashMap<>();
    private final AtomicInteger unverifiable = new AtomicInteger();

    public TestTokens(Clock clock) {
        this.clock = clock;
    }

    public String issue(String userId, Instant expiresAt) {
        return issue(userId, expiresAt, null);
    }

    /** A token of one login ({@code sid}), which can be revoked. */
    public synchronized String issue(String userId, Instant expiresAt, String loginId) {
        String token = "token-" + userId + "-" + issued.size();
        issued.put(token, new AccessToken(userId, expiresAt, loginId));
        return token;
    }

    /** The next {@code checks} verifications fail as a key set that cannot be fetched would. */
    public void unverifiableFor(int checks) {
        unverifiable.set(checks);
    }

    @Override
    public AccessToken verify(String token) throws InvalidTokenException {
        if (unverifiable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("JWKS unavailable: test");
        }
        AccessToken t = issued.get(token);
        if (t == null) {
            throw new InvalidTokenException("unknown token");
        }
        if (!clock.instant().isBefore(t.expiresAt())) {
            throw new InvalidTokenException("expired", null, true);
        }
        return t;
    }
}
