package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.auth.TestServices;
import dev.parley.auth.internal.http.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountServiceTest {
    private final TestServices t = new TestServices(2);
    private final AccountService accounts = new AccountService(t.users, t.refreshTokens,
            t.services.passwordHasher(), t.services.tokenIssuer(), t.services.loginLimiter(), t.clock,
            Duration.ofDays(30));

    private static String code(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (ApiException e) {
            return e.code();
        }
    }

    @Test
    void usernameLimitHoldsAcrossAddresses() {
        accounts.register("alice", "password1");
        assertThat(code(() -> accounts.login("alice", "wrong-password", "10.0.0.1"))).isEqualTo("invalid_credentials");
        assertThat(code(() -> accounts.login("alice", "wrong-password", "10.0.0.2"))).isEqualTo("invalid_credentials");
        assertThat(code(() -> accounts.login("alice", "password1", "10.0.0.3"))).isEqualTo("rate_limited");
        assertThat(code(() -> accounts.login("bob", "password1", "10.0.0.3"))).isEqualTo("invalid_credentials");
    }

    @Test
    void addressLimitHoldsAcrossUsernames() {
        assertThat(code(() -> accounts.login("u1", "password1", "10.0.0.9"))).isEqualTo("invalid_credentials");
        assertThat(code(() -> accounts.login("u2", "password1", "10.0.0.9"))).isEqualTo("invalid_credentials");
        assertThat(code(() -> accounts.login("u3", "password1", "10.0.0.9"))).isEqualTo("rate_limited");
        assertThat(code(() -> accounts.login("u3", "password1", "10.0.0.10"))).isEqualTo("invalid_credentials");
    }

    @Test
    void refreshTokenExpires() {
        accounts.register("carol", "password1");
        AccountService.Session s = accounts.login("carol", "password1", "10.0.0.1");
        t.clock.advance(Duration.ofDays(30));
        assertThatThrownBy(() -> accounts.refresh(s.refreshToken()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void refreshedAccessTokenCarriesTheUser() {
        accounts.register("dave", "password1");
        AccountService.Session s = accounts.login("dave", "password1", "10.0.0.1");
        AccountService.Session r = accounts.refresh(s.refreshToken());
        var user = t.services.tokenVerifier().verify(r.access().token()).orElseThrow();
        assertThat(user.userId()).isEqualTo(s.userId());
        assertThat(user.username()).isEqualTo("dave");
    }
}
