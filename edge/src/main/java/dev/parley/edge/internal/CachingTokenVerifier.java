package dev.parley.edge.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.edge.AccessToken;
import dev.parley.edge.InvalidTokenException;
import dev.parley.edge.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the tokens another verifier accepted, so a token is checked once per node and not on
 * every upgrade and REST call that carries it: when 500 clients moved to one edge at once, each
 * with its catch-up calls, ES256 signature checks were a fifth of that edge's CPU samples (JFR,
 * bench chaos phase), on the path every client waits on.
 *
 * <p>Only accepted tokens are kept, each until its own expiry (with the shared leeway) and at most
 * {@link #KEEP} after it was first checked, so a key removed from the JWKS stops being trusted no
 * later than without this cache (the key set itself is kept 15 min). Revocation is checked apart
 * from the signature, on every upgrade, and is not affected. A refused token is checked again each
 * time: hostile input gets no cheaper path than before.
 */
public final class CachingTokenVerifier implements TokenVerifier {
    static final Duration KEEP = Duration.ofMinutes(5);
    /** About the tokens of a node's busiest minutes; each entry is the token text and a small record. */
    static final int MAX_TOKENS = 20_000;

    private final TokenVerifier verifier;
    private final Clock clock;
    private final Cache<String, AccessToken> accepted;

    public CachingTokenVerifier(TokenVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
        this.accepted = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfterWrite(KEEP)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run) // no maintenance on the common pool
                .build();
    }

    @Override
    public AccessToken verify(String token) throws InvalidTokenException {
        AccessToken known = accepted.getIfPresent(token);
        if (known != null) {
            if (clock.instant().isBefore(known.expiresAt())) {
                return known;
            }
            accepted.invalidate(token); // expired: the verifier says so, with its own message
        }
        AccessToken verified = verifier.verify(token);
        accepted.put(token, verified);
        return verified;
    }
}
