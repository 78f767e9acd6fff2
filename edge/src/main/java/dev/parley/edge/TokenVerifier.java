package dev.parley.edge;

/**
 * Checks a client's access token: an ES256 JWT issued by the auth service (header {@code kid};
 * claims {@code iss = parley-auth}, {@code aud = parley}, {@code sub} = user id, {@code exp}).
 *
 * <p>Implementations verify locally (no call to auth per request) and must be thread-safe. They
 * may block briefly (e.g. to fetch a key set), so callers invoke them on request threads, never on
 * an event loop.
 */
public interface TokenVerifier {

    /**
     * @param token the compact JWT as the client sent it
     * @return the verified identity and expiry
     * @throws InvalidTokenException when the token is malformed, badly signed, for another
     *                               issuer or audience, or expired
     */
    AccessToken verify(String token) throws InvalidTokenException;
}
