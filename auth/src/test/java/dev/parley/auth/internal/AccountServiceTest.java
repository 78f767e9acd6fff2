package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.auth.AuthConfig;
import dev.parley.auth.TestServices;
import dev.parley.auth.internal.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Login and registration limits: attackers are locked out, their victims and their neighbours are not. */
class AccountServiceTest {
    private final TestServices t = new TestServices(TestServices.limits(3, 5, 2, 1000));
    private final AccountService accounts = accounts(t, t.services.limits());

    static AccountService accounts(TestServices t, AuthConfig.Limits limits) {
        return new AccountService(t.users, t.refreshTokens, t.services.passwordHasher(), t.services.tokenIssuer(),
                new AccountLimits(t.counters, limits), t.revocations, t.clock, Duration.ofDays(30),
                new AuthMeters(t.meters));
    }

    static String code(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (ApiException e) {
            return e.code();
        }
    }

    @Test
    void theVictimLogsInFromElsewhereWhileTheAttackersAddressIsLockedOutOfTheAccount() {
        accounts.register("alice", "password1", "10.9.0.1");
        for (int i = 0; i < 3; i++) {
            assertThat(code(() -> accounts.login("alice", "wrong-password", "10.0.0.66"))).isEqualTo("invalid_credentials");
        }
        assertThat(code(() -> accounts.login("alice", "wrong-password", "10.0.0.66"))).isEqualTo("rate_limited");
        assertThat(code(() -> accounts.login("alice", "password1", "10.0.0.66"))).isEqualTo("rate_limited");
        assertThat(code(() -> accounts.login("alice", "password1", "10.0.0.7"))).isEqualTo("ok");
    }

    @Test
    void successfulLoginsNeverCountSoManyPeopleBehindOneAddressAllLogIn() {
        for (int i = 0; i < 10; i++) {
            String name = "user" + i;
            accounts.register(name, "password1", "10.9.0." + i);
            for (int again = 0; again < 3; again++) {
                assertThat(code(() -> accounts.login(name, "password1", "10.0.0.1"))).as(name).isEqualTo("ok");
            }
        }
    }

    @Test
    void aSuccessClearsThePairsFailures() {
        accounts.register("bob", "password1", "10.9.0.1");
        for (int round = 0; round < 2; round++) { // 4 failures: over the pair limit unless a success clears it
            assertThat(code(() -> accounts.login("bob", "typo-password", "10.0.0.2"))).isEqualTo("invalid_credentials");
            assertThat(code(() -> accounts.login("bob", "typo-password", "10.0.0.2"))).isEqualTo("invalid_credentials");
            assertThat(code(() -> accounts.login("bob", "password1", "10.0.0.2"))).isEqualTo("ok");
        }
    }

    @Test
    void failuresFromOneAddressAcrossUsernamesLockThatAddressOnly() {
        for (int i = 0; i < 5; i++) {
            String name = "stuffed" + i;
            assertThat(code(() -> accounts.login(name, "password1", "10.0.0.9"))).isEqualTo("invalid_credentials");
        }
        assertThat(code(() -> accounts.login("other", "password1", "10.0.0.9"))).isEqualTo("rate_limited");
        assertThat(code(() -> accounts.login("NOT A NAME", "password1", "10.0.0.9"))).isEqualTo("rate_limited");
        assertThat(code(() -> accounts.login("other", "password1", "10.0.0.10"))).isEqualTo("invalid_credentials");
    }

    @Test
    void theLockEndsWithTheWindow() {
        accounts.register("carl", "password1", "10.9.0.1");
        for (int i = 0; i < 3; i++) {
            accounts.login("carl", "password1", "10.9.0.2"); // successes: none counts
            code(() -> accounts.login("carl", "wrong-password", "10.0.0.3"));
        }
        t.clock.advance(Duration.ofSeconds(20));
        ApiException limited = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
                () -> accounts.login("carl", "password1", "10.0.0.3"));
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.retryAfterSeconds()).isBetween(39L, 40L);
        t.clock.advance(Duration.ofSeconds(40));
        assertThat(code(() -> accounts.login("carl", "password1", "10.0.0.3"))).isEqualTo("ok");
    }

    @Test
    void parallelGuessesCannotAllPassTheCheckBeforeAnyFailureIsCounted() throws Exception {
        accounts.register("dora", "password1", "10.9.0.1");
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 32; i++) {
                answers.add(pool.submit(() -> code(() -> accounts.login("dora", "wrong-password", "10.0.0.4"))));
            }
        }
        List<String> codes = new ArrayList<>();
        for (Future<String> f : answers) {
            codes.add(f.get());
        }
        assertThat(codes).filteredOn("invalid_credentials"::equals).hasSize(3);
        assertThat(codes).filteredOn("rate_limited"::equals).hasSize(29);
    }

    @Test
    void registrationsAreLimitedPerAddressAndInvalidRequestsDoNotCount() {
        assertThat(code(() -> accounts.register("x", "password1", "10.1.0.1"))).isEqualTo("invalid_request");
        assertThat(code(() -> accounts.register("reg1", "password1", "10.1.0.1"))).isEqualTo("ok");
        assertThat(code(() -> accounts.register("reg1", "password1", "10.1.0.1"))).isEqualTo("username_taken");
        assertThat(code(() -> accounts.register("reg2", "password1", "10.1.0.1"))).isEqualTo("rate_limited");
        assertThat(code(() -> accounts.register("reg2", "password1", "10.1.0.2"))).isEqualTo("ok");
        t.clock.advance(Duration.ofMinutes(1));
        assertThat(code(() -> accounts.register("reg3", "password1", "10.1.0.1"))).isEqualTo("ok");
    }

    @Test
    void refreshTokenExpires() {
        accounts.register("carol", "password1", "10.9.0.1");
        AccountService.Session s = accounts.login("carol", "password1", "10.0.0.1");
        t.clock.advance(Duration.ofDays(30));
        assertThatThrownBy(() -> accounts.refresh(s.refreshToken()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(t.meters.get("parley.auth.refresh").tag("outcome", "expired").counter().count()).isEqualTo(1);
        assertThat(t.meters.get("parley.auth.refresh").tag("outcome", "invalid").counter().count()).isZero();
    }

    @Test
    void refreshedAccessTokenCarriesTheUserAndTheSameLogin() {
        accounts.register("dave", "password1", "10.9.0.1");
        AccountService.Session s = accounts.login("dave", "password1", "10.0.0.1");
        AccountService.Session r = accounts.refresh(s.refreshToken());
        AccountService.Session r2 = accounts.refresh(r.refreshToken());
        var first = t.services.tokenVerifier().verify(s.access().token()).orElseThrow();
        var user = t.services.tokenVerifier().verify(r2.access().token()).orElseThrow();
        assertThat(user.userId()).isEqualTo(s.userId());
        assertThat(user.username()).isEqualTo("dave");
        assertThat(first.loginId()).isNotBlank();
        assertThat(user.loginId()).isEqualTo(first.loginId());
        var other = t.services.tokenVerifier().verify(accounts.login("dave", "password1", "10.0.0.1").access().token());
        assertThat(other.orElseThrow().loginId()).isNotEqualTo(first.loginId());
    }
}
