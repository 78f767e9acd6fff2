package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.common.auth.AccessTokens;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Verifies access tokens locally against a set of public keys (e.g. this service's
 * {@link KeyStore#publicJwks()}, or the JWKS fetched from {@code /.well-known/jwks.json}):
 * algorithm ES256 only, known {@code kid}, valid signature, {@code iss}, {@code aud}, a
 * non-empty {@code sub}, and {@code exp} not passed ({@code iat} not in the future), both with
 * {@link AccessTokens#CLOCK_LEEWAY}, the leeway the edge allows too, so that a token is valid or
 * expired alike on both. Thread-safe.
 */
public final class AccessTokenVerifier {
    private final JWKSet keys;
    private final Clock clock;
    private final Duration leeway;

    public AccessTokenVerifier(JWKSet publicKeys, Clock clock) {
        this.keys = publicKeys;
        this.clock = clock;
        this.leeway = AccessTokens.CLOCK_LEEWAY;
    }

    /** @return the token's subject, or empty for any token that is not valid now (never throws) */
    public Optional<AuthenticatedUser> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            JWK jwk = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (!(jwk instanceof ECKey ec) || !jwt.verify(new ECDSAVerifier(ec.toPublicJWK()))) {
                return Optional.empty();
            }
            return checkClaims(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<AuthenticatedUser> checkClaims(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        String sub = claims.getSubject();
        String username = claims.getStringClaim(AccessTokens.USERNAME_CLAIM);
        boolean valid = AccessTokens.ISSUER.equals(claims.getIssuer())
                && claims.getAudience() != null && claims.getAudience().contains(AccessTokens.AUDIENCE)
                && sub != null && !sub.isEmpty()
                && exp != null && now.isBefore(exp.toInstant().plus(leeway))
                && (iat == null || !iat.toInstant().isAfter(now.plus(leeway)));
        return valid
                ? Optional.of(new AuthenticatedUser(sub, username, claims.getStringClaim(AccessTokens.LOGIN_CLAIM),
                        exp.toInstant(), claims.getJWTID()))
                : Optional.empty();
    }
}
