package dev.parley.auth.internal;

import static dev.parley.auth.internal.AccountServiceTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.auth.TestServices;
import dev.parley.common.auth.AccessTokens;
import dev.parley.common.auth.LoginRevocations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Logout and refresh-token reuse end the login for the edges too, until its last access token is dead. */
class RevocationTest {
    private final TestServices t = new TestServices();
    private final AccountService accounts = AccountServiceTest.accounts(t, t.services.limits());
    private final List<String> heard = new ArrayList<>();

    RevocationTest() {
        t.revocations.listen(heard::add, () -> { });
        accounts.register("erin", "password1", "10.0.0.1");
    }

    private String loginId(AccountService.Session s) {
        return t.services.tokenVerifier().verify(s.access().token()).orElseThrow().loginId();
    }

    @Test
    void logoutRevokesTheLoginUntilItsNewestAccessTokenHasExpiredPlusTheLeeway() {
        AccountService.Session s = accounts.login("erin", "password1", "10.0.0.1");
        t.clock.advance(Duration.ofMinutes(5));
        AccountService.Session refreshed = accounts.refresh(s.refreshToken());
        String login = loginId(refreshed);
        Instant newestExpiry = refreshed.access().expiresAt();

        accounts.logout(refreshed.refreshToken());

        assertThat(heard).containsExactly(login);
        t.clock.advance(Duration.between(t.clock.instant(), newestExpiry).plus(AccessTokens.CLOCK_LEEWAY).minusMillis(1));
        assertThat(t.revocations.revokedAmong(List.of(login))).containsExactly(login);
        t.clock.advance(Duration.ofSeconds(1));
        assertThat(t.revocations.revokedAmong(List.of(login))).isEmpty();
    }

    @Test
    void otherLoginsOfTheSameUserStayValid() {
        AccountService.Session phone = accounts.login("erin", "password1", "10.0.0.1");
        AccountService.Session laptop = accounts.login("erin", "password1", "10.0.0.1");
        accounts.logout(phone.refreshToken());
        assertThat(t.revocations.revokedAmong(List.of(loginId(phone), loginId(laptop)))).containsExactly(loginId(phone));
        assertThat(code(() -> accounts.refresh(laptop.refreshToken()))).isEqualTo("ok");
    }

    @Test
    void reuseOfARotatedOutRefreshTokenRevokesTheLogin() {
        AccountService.Session s = accounts.login("erin", "password1", "10.0.0.1");
        AccountService.Session current = accounts.refresh(s.refreshToken());
        assertThat(code(() -> accounts.refresh(s.refreshToken()))).isEqualTo("unauthorized");
        assertThat(heard).containsExactly(loginId(current));
        assertThat(code(() -> accounts.refresh(current.refreshToken()))).isEqualTo("unauthorized");
    }

    @Test
    void anUnknownOrGarbageTokenRevokesNothing() {
        accounts.logout("A".repeat(43));
        accounts.logout("not a token");
        assertThat(heard).isEmpty();
    }

    @Test
    void whenTheRevocationStoreIsDownLogoutStillKillsTheRefreshToken() {
        LoginRevocations down = new LoginRevocations() {
            @Override
            public void revoke(String loginId, Instant until) {
                throw new IllegalStateException("Redis is down");
            }

            @Override
            public Set<String> revokedAmong(Collection<String> loginIds) {
                throw new IllegalStateException("Redis is down");
            }

            @Override
            public void listen(Consumer<String> onRevoked, Runnable onResubscribed) {
            }
        };
        AccountService withoutRedis = new AccountService(t.users, t.refreshTokens, t.services.passwordHasher(),
                t.services.tokenIssuer(), new AccountLimits(t.counters, t.services.limits()), down, t.clock,
                Duration.ofDays(30), new AuthMeters(t.meters));
        AccountService.Session s = withoutRedis.login("erin", "password1", "10.0.0.1");
        assertThat(code(() -> withoutRedis.logout(s.refreshToken()))).isEqualTo("ok");
        assertThat(code(() -> withoutRedis.refresh(s.refreshToken()))).isEqualTo("unauthorized");
    }
}
