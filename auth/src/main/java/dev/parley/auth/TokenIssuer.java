package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.auth.AccessTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/**
 * Issues ES256 access tokens with the claims of {@link AccessTokens}: header {@code kid};
 * {@code iss}, {@code aud}, {@code sub}=user id, {@code username}, {@code sid}=login id,
 * {@code iat}, {@code exp}, {@code jti}. Signed with the store's newest key.
 */
public final class TokenIssuer {
    private final KeyStore keys;
    private final Clock clock;
    private final Duration ttl;

    public TokenIssuer(KeyStore keys, Clock clock, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token ttl must be positive");
        }
        this.keys = keys;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * @param token     the compact JWT
     * @param expiresAt its {@code exp}
     * @param expiresIn seconds from issue to expiry (the login answer's {@code expiresIn})
     */
    public record AccessToken(String token, Instant expiresAt, long expiresIn) {
        @Override
        public String toString() {
            return "AccessToken[expiresAt=" + expiresAt + "]";
        }
    }

    /** The lifetime of every token this issuer signs. */
    public Duration ttl() {
        return ttl;
    }

    /** @param loginId the login (refresh-token family) the token belongs to: its {@code sid} */
    public AccessToken issue(String userId, String username, String loginId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant exp = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(AccessTokens.ISSUER)
                .audience(AccessTokens.AUDIENCE)
                .subject(userId)
                .claim(AccessTokens.USERNAME_CLAIM, username)
                .claim(AccessTokens.LOGIN_CLAIM, loginId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString())
                .build();
        ECKey key = keys.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with key " + key.getKeyID(), e);
        }
        return new AccessToken(jwt.serialize(), exp, ttl.toSeconds());
    }
}
