package dev.parley.edge.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.parley.common.auth.AccessTokens;
import dev.parley.common.text.Unicode;
import dev.parley.edge.AccessToken;
import dev.parley.edge.InvalidTokenException;
import dev.parley.edge.TokenVerifier;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies access tokens locally against the auth service's JWKS. The key set is fetched at start
 * ({@link #warmUp}), cached, kept while auth cannot be reached, and refetched when a token names an
 * unknown {@code kid} (key rotation), at most once per {@link #MIN_REFETCH_MS}; checks: ES256
 * signature, {@code iss}, {@code aud}, {@code exp} (with {@link AccessTokens#CLOCK_LEEWAY}, the
 * skew auth tolerates too, so a token is valid or expired alike on both sides), {@code sub} present. The login claim
 * ({@link AccessTokens#LOGIN_CLAIM}) is optional: older tokens lack it and cannot be revoked early.
 */
public final class JwksTokenVerifier implements TokenVerifier {
    static final long CACHE_TTL_MS = 15 * 60_000L;
    static final long MIN_REFETCH_MS = 10_000L;
    /** At most this often the key set is fetched again (a token with an unknown {@code kid}, a warm-up). */
    public static final Duration REFETCH_INTERVAL = Duration.ofMillis(MIN_REFETCH_MS);
    /**
     * Nimbus's defaults are 500 ms each, short for an auth service that has just started (JIT
     * cold, on a busy machine); the likeliest cause of a refused upgrade seen once in CI. A fetch
     * is retried once.
     */
    static final int HTTP_CONNECT_TIMEOUT_MS = 1_000;
    static final int HTTP_READ_TIMEOUT_MS = 2_000;
    /** How long other checks wait for a fetch under way: longer than the fetch and its one retry. */
    static final long REFRESH_TIMEOUT_MS = 2L * (HTTP_CONNECT_TIMEOUT_MS + HTTP_READ_TIMEOUT_MS) + 1_000L;
    static final int JWKS_MAX_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JwksTokenVerifier.class);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final JWKSource<SecurityContext> keys;
    private final ConvertedKeySelector selector;

    public JwksTokenVerifier(URL jwksUrl, Clock clock) {
        this(remote(jwksUrl, CACHE_TTL_MS, MIN_REFETCH_MS), clock);
    }

    /**
     * The key set at {@code jwksUrl}, kept {@code ttlMs}. When auth cannot be reached as it runs
     * out, the last set fetched goes on serving (for ten times {@code ttlMs}) rather than every
     * token of every client being refused while auth is down; a token signed by a key it lacks is
     * refused all the same.
     */
    static JWKSource<SecurityContext> remote(URL jwksUrl, long ttlMs, long minRefetchMs) {
        return JWKSourceBuilder.<SecurityContext>create(jwksUrl,
                        new DefaultResourceRetriever(HTTP_CONNECT_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, JWKS_MAX_BYTES))
                .cache(ttlMs, REFRESH_TIMEOUT_MS)
                .rateLimited(minRefetchMs)
                .refreshAheadCache(false)
                .retrying(true)
                .outageTolerant(10 * ttlMs, event -> {
                    if (event instanceof OutageTolerantJWKSetSource.OutageEvent<?> outage) {
                        LOG.warn("cannot fetch the JWKS; verifying with the keys fetched before, for {} s more: {}",
                                outage.getRemainingTime() / 1000, outage.getException().toString());
                    }
                })
                .build();
    }

    JwksTokenVerifier(JWKSource<SecurityContext> keys, Clock clock) {
        this.keys = keys;
        this.selector = new ConvertedKeySelector(JWSAlgorithm.ES256, keys);
        processor.setJWSKeySelector(selector);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new HashSet<>(Set.of(AccessTokens.AUDIENCE)), // nimbus probes it with contains(null): no Set.of
                new JWTClaimsSet.Builder().issuer(AccessTokens.ISSUER).build(), new HashSet<>(Set.of("sub", "exp")), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) AccessTokens.CLOCK_LEEWAY.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * Fetches the key set ahead of the first token, so the first clients after a start do not
     * wait on it. Best effort: when auth cannot answer yet, the first token fetches it again.
     *
     * @return whether the key set was fetched
     */
    public boolean warmUp() {
        try {
            int n = keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null).size();
            LOG.info("JWKS fetched: {} key(s)", n);
            return true;
        } catch (KeySourceException | RuntimeException e) {
            LOG.warn("JWKS not fetched ahead; the first token will fetch it: {}", e.toString());
            return false;
        }
    }

    @Override
    public AccessToken verify(String token) throws InvalidTokenException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (RateLimitReachedException e) {
            throw new InvalidTokenException("unknown key id (JWKS refetch rate-limited)", e);
        } catch (KeySourceException e) {
            throw new IllegalStateException("JWKS unavailable: " + e.getMessage(), e);
        } catch (ExpiredJWTException e) {
            throw new InvalidTokenException(e.getMessage(), e, true);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        }
        String loginId;
        try {
            loginId = claims.getStringClaim(AccessTokens.LOGIN_CLAIM);
        } catch (ParseException e) {
            throw new InvalidTokenException(AccessTokens.LOGIN_CLAIM + " must be a string", e);
        }
        if (!Unicode.isWellFormed(claims.getSubject()) || (loginId != null && !Unicode.isWellFormed(loginId))) {
            throw new InvalidTokenException("malformed sub or " + AccessTokens.LOGIN_CLAIM);
        }
        // the session closes when the verifier would refuse the token: exp plus the shared leeway
        return new AccessToken(claims.getSubject(),
                claims.getExpirationTime().toInstant().plus(AccessTokens.CLOCK_LEEWAY), loginId);
    }
}
