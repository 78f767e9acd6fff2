package dev.parley.auth.internal;

import dev.parley.auth.AttemptCounters;
import dev.parley.auth.PasswordHasher;
import dev.parley.auth.RefreshTokenRepository;
import dev.parley.auth.RefreshTokenRepository.Rotation;
import dev.parley.auth.TokenIssuer;
import dev.parley.auth.User;
import dev.parley.auth.UserRepository;
import dev.parley.auth.internal.AuthMeters.Login;
import dev.parley.auth.internal.AuthMeters.Refresh;
import dev.parley.auth.internal.AuthMeters.Registration;
import dev.parley.auth.internal.http.ApiException;
import dev.parley.common.auth.AccessTokens;
import dev.parley.common.auth.LoginRevocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, login, refresh-token rotation and logout. A login is a refresh-token family; its
 * id is the {@code sid} of every access token issued to it, and ending it (logout, or reuse of a
 * rotated-out refresh token) revokes it in {@link LoginRevocations} so that edges close its sockets.
 * Every call is counted by its outcome in {@link AuthMeters}; one that fails for any reason not
 * named (a store down) counts as {@code unavailable}.
 */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final AccountLimits limits;
    private final LoginRevocations revocations;
    private final Clock clock;
    private final Duration refreshTtl;
    private final AuthMeters meters;

    public AccountService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
                          TokenIssuer issuer, AccountLimits limits, LoginRevocations revocations, Clock clock,
                          Duration refreshTtl, AuthMeters meters) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.limits = limits;
        this.revocations = revocations;
        this.clock = clock;
        this.refreshTtl = refreshTtl;
        this.meters = meters;
    }

    /** The answer to login and refresh. */
    public record Session(TokenIssuer.AccessToken access, String refreshToken, String userId) {
        @Override
        public String toString() {
            return "Session[userId=" + userId + "]";
        }
    }

    public User register(String username, String password, String clientAddress) {
        Registration outcome = Registration.UNAVAILABLE;
        try {
            if (!Validation.username(username)) {
                outcome = Registration.INVALID_REQUEST;
                throw ApiException.invalid("username must be 3 to 32 of a-z 0-9 _ . -");
            }
            if (!Validation.password(password)) {
                outcome = Registration.INVALID_REQUEST;
                throw ApiException.invalid("password must be 8 to 128 characters");
            }
            // Counted after validation (a typo costs nothing) and before the hash, the expensive part.
            AttemptCounters.Decision d = limits.tryRegister(clientAddress);
            if (!d.allowed()) {
                outcome = Registration.RATE_LIMITED;
                throw ApiException.rateLimited(d.retryAfterSeconds());
            }
            if (users.findByUsername(username).isPresent()) {
                outcome = Registration.USERNAME_TAKEN;
                throw ApiException.usernameTaken();
            }
            User user = new User(UUID.randomUUID().toString(), username, hasher.hash(password), clock.instant());
            if (!users.create(user)) {
                outcome = Registration.USERNAME_TAKEN;
                throw ApiException.usernameTaken();
            }
            outcome = Registration.OK;
            LOG.info("registered user {}", user.id());
            return user;
        } finally {
            meters.registration(outcome);
        }
    }

    public Session login(String username, String password, String clientAddress) {
        Login outcome = Login.UNAVAILABLE;
        try {
            AttemptCounters.Decision d = limits.tryLogin(username, clientAddress);
            if (!d.allowed()) {
                outcome = Login.RATE_LIMITED;
                throw ApiException.rateLimited(d.retryAfterSeconds());
            }
            Optional<User> user;
            try {
                user = checkPassword(username, password);
            } catch (RuntimeException e) {
                limits.loginAbandoned(username, clientAddress); // an outage is not a wrong guess
                throw e;
            }
            if (user.isEmpty()) {
                outcome = Login.BAD_CREDENTIALS;
                throw ApiException.invalidCredentials();
            }
            limits.loginSucceeded(username, clientAddress);
            String token = RefreshTokens.newToken();
            String loginId = UUID.randomUUID().toString();
            Instant now = clock.instant();
            refreshTokens.create(RefreshTokens.hash(token), loginId, user.get().id(), now, now.plus(refreshTtl));
            Session session = new Session(issuer.issue(user.get().id(), user.get().username(), loginId), token,
                    user.get().id());
            outcome = Login.OK;
            return session;
        } finally {
            meters.login(outcome);
        }
    }

    /** The user when the password is theirs; the same time is spent for an unknown name. */
    private Optional<User> checkPassword(String username, String password) {
        Optional<User> user = Validation.username(username) ? users.findByUsername(username) : Optional.empty();
        if (user.isEmpty()) {
            hasher.dummyVerify(password);
            return Optional.empty();
        }
        return hasher.verify(password, user.get().passwordHash()) ? user : Optional.empty();
    }

    public Session refresh(String presented) {
        Refresh outcome = Refresh.UNAVAILABLE;
        try {
            if (!RefreshTokens.plausible(presented)) {
                outcome = Refresh.INVALID;
                throw ApiException.unauthorized("the refresh token is not valid");
            }
            String token = RefreshTokens.newToken();
            Instant now = clock.instant();
            Rotation r = refreshTokens.rotate(RefreshTokens.hash(presented), RefreshTokens.hash(token), now,
                    now.plus(refreshTtl));
            switch (r) {
                case Rotation.Rotated rotated -> {
                    Optional<User> user = users.findById(rotated.userId());
                    if (user.isPresent()) {
                        Session session = new Session(issuer.issue(user.get().id(), user.get().username(),
                                rotated.familyId()), token, user.get().id());
                        outcome = Refresh.ROTATED;
                        return session;
                    }
                    outcome = Refresh.INVALID;
                }
                case Rotation.Reused reused -> {
                    outcome = Refresh.REUSED;
                    LOG.warn("refresh token reuse: revoked login family {} of user {}", reused.familyId(),
                            reused.userId());
                    revoke(reused.familyId());
                }
                case Rotation.Expired expired -> outcome = Refresh.EXPIRED;
                case Rotation.Invalid invalid -> outcome = Refresh.INVALID;
            }
            throw ApiException.unauthorized("the refresh token is not valid");
        } finally {
            meters.refresh(outcome);
        }
    }

    /**
     * Ends the login of the refresh token. The refresh token is dead once PostgreSQL has it; the
     * broadcast to edges is best effort (see {@link #revoke}).
     */
    public void logout(String presented) {
        if (RefreshTokens.plausible(presented)) {
            refreshTokens.revokeFamily(RefreshTokens.hash(presented), clock.instant()).ifPresent(this::revoke);
        }
    }

    /**
     * Revokes the login until its newest access token has expired: no token of it was issued after
     * now, so none outlives now + ttl (+ the leeway verifiers allow). If Redis does not answer, the
     * refresh token is revoked all the same (PostgreSQL) and the failure is logged: open sockets of
     * the login then live until their access token expires, as before revocation existed.
     */
    private void revoke(String loginId) {
        Instant until = clock.instant().plus(issuer.ttl()).plus(AccessTokens.CLOCK_LEEWAY);
        try {
            revocations.revoke(loginId, until);
        } catch (RuntimeException e) {
            LOG.warn("login {} revoked in the database but not announced to the edges: {}", loginId, e.toString());
        }
    }}
