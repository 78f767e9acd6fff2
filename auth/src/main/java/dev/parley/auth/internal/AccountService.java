package dev.parley.auth.internal;

import dev.parley.auth.LoginLimiter;
import dev.parley.auth.PasswordHasher;
import dev.parley.auth.RefreshTokenRepository;
import dev.parley.auth.RefreshTokenRepository.Rotation;
import dev.parley.auth.TokenIssuer;
import dev.parley.auth.User;
import dev.parley.auth.UserRepository;
import dev.parley.auth.internal.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registration, login, refresh-token rotation and logout. */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final LoginLimiter limiter;
    private final Clock clock;
    private final Duration refreshTtl;

    public AccountService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
                          TokenIssuer issuer, LoginLimiter limiter, Clock clock, Duration refreshTtl) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.limiter = limiter;
        this.clock = clock;
        this.refreshTtl = refreshTtl;
    }

    /** The answer to login and refresh. */
    public record Session(TokenIssuer.AccessToken access, String refreshToken, String userId) {
        @Override
        public String toString() {
            return "Session[userId=" + userId + "]";
        }
    }

    public User register(String username, String password) {
        if (!Validation.username(username)) {
            throw ApiException.invalid("username must be 3 to 32 of a-z 0-9 _ . -");
        }
        if (!Validation.password(password)) {
            throw ApiException.invalid("password must be 8 to 128 characters");
        }
        if (users.findByUsername(username).isPresent()) {
            throw ApiException.usernameTaken();
        }
        User user = new User(UUID.randomUUID().toString(), username, hasher.hash(password), clock.instant());
        if (!users.create(user)) {
            throw ApiException.usernameTaken();
        }
        LOG.info("registered user {}", user.id());
        return user;
    }

    public Session login(String username, String password, String clientAddress) {
        boolean validName = Validation.username(username);
        LoginLimiter.Decision byAddress = limiter.tryAcquire("addr:" + clientAddress);
        LoginLimiter.Decision byUser = validName ? limiter.tryAcquire("user:" + username) : LoginLimiter.Decision.ALLOW;
        if (!byAddress.allowed() || !byUser.allowed()) {
            long wait = Math.max(byAddress.allowed() ? 0 : byAddress.retryAfterSeconds(),
                    byUser.allowed() ? 0 : byUser.retryAfterSeconds());
            throw ApiException.rateLimited(wait);
        }
        Optional<User> user = validName ? users.findByUsername(username) : Optional.empty();
        if (user.isEmpty()) {
            hasher.dummyVerify(password);
            throw ApiException.invalidCredentials();
        }
        if (!hasher.verify(password, user.get().passwordHash())) {
            throw ApiException.invalidCredentials();
        }
        String token = RefreshTokens.newToken();
        Instant now = clock.instant();
        refreshTokens.create(RefreshTokens.hash(token), UUID.randomUUID().toString(), user.get().id(), now,
                now.plus(refreshTtl));
        return new Session(issuer.issue(user.get().id(), user.get().username()), token, user.get().id());
    }

    public Session refresh(String presented) {
        if (!RefreshTokens.plausible(presented)) {
            throw ApiException.unauthorized("the refresh token is not valid");
        }
        String token = RefreshTokens.newToken();
        Instant now = clock.instant();
        Rotation r = refreshTokens.rotate(RefreshTokens.hash(presented), RefreshTokens.hash(token), now,
                now.plus(refreshTtl));
        return switch (r) {
            case Rotation.Rotated rotated -> {
                User user = users.findById(rotated.userId())
                        .orElseThrow(() -> ApiException.unauthorized("the refresh token is not valid"));
                yield new Session(issuer.issue(user.id(), user.username()), token, user.id());
            }
            case Rotation.Reused reused -> {
                LOG.warn("refresh token reuse: revoked login family {} of user {}", reused.familyId(), reused.userId());
                throw ApiException.unauthorized("the refresh token is not valid");
            }
            case Rotation.Invalid invalid -> throw ApiException.unauthorized("the refresh token is not valid");
        };
    }

    public void logout(String presented) {
        if (RefreshTokens.plausible(presented)) {
            refreshTokens.revokeFamily(RefreshTokens.hash(presented), clock.instant());
        }
    }
}
