package dev.parley.common.auth;

import java.time.Duration;

/**
 * What auth (which signs access tokens) and the edge (which verifies them) agree on. An access
 * token is an ES256 JWT with {@code iss}={@value #ISSUER}, {@code aud}={@value #AUDIENCE},
 * {@code sub}=user id, {@value #USERNAME_CLAIM}, {@value #LOGIN_CLAIM}, {@code iat}, {@code exp},
 * {@code jti}.
 */
public final class AccessTokens {
    public static final String ISSUER = "parley-auth";
    public static final String AUDIENCE = "parley";
    public static final String USERNAME_CLAIM = "username";
    /**
     * The login (refresh-token family) the token was issued to; every token of one login, through
     * all its refreshes, carries the same value, so revoking the login can close its sockets.
     */
    public static final String LOGIN_CLAIM = "sid";
    /**
     * Clock skew both sides tolerate on {@code exp}/{@code iat}: auth when it checks a token it
     * issued, the edge when it admits a socket. One value, so a token is valid or expired alike.
     */
    public static final Duration CLOCK_LEEWAY = Duration.ofSeconds(30);

    private AccessTokens() {
    }
}
