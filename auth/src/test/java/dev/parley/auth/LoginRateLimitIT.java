package dev.parley.auth;

import static dev.parley.auth.AccountsIT.credentials;
import static dev.parley.auth.AccountsIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.client.HttpResult;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login limit in real Redis: 3 attempts per minute per username and, separately, per client
 * address. Clients send from distinct loopback addresses (127.a.b.c all reach 127.0.0.1 on Linux),
 * chosen at random so that counts of other tests in this JVM's Redis never mix in.
 */
class LoginRateLimitIT {
    private static final String PASSWORD = "correct-horse";
    private static AuthUnderTest auth;
    private static AuthUnderTest second;

    @BeforeAll
    static void start() {
        String schema = AuthUnderTest.newSchema();
        Map<String, String> limit = Map.of("auth.login-limit.attempts", "3", "auth.login-limit.window", "1m");
        auth = AuthUnderTest.start(schema, AuthUnderTest.newKeysDir(), limit);
        second = AuthUnderTest.start(schema, auth.keysDir, limit);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private static String address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
    }

    private static String user() {
        String name = unique("lim");
        new RawHttp(auth.url(), address()).post("/v1/auth/register", null, credentials(name, PASSWORD)).expect(201);
        return name;
    }

    private static HttpResult login(AuthUnderTest where, String from, String name, String password) {
        return new RawHttp(where.url(), from).post("/v1/auth/login", null, credentials(name, password));
    }

    private static void assertLimited(HttpResult r) {
        assertThat(r.status()).as(r.body()).isEqualTo(429);
        assertThat(r.errorCode()).isEqualTo("rate_limited");
        assertThat(r.retryAfter()).isPresent();
        assertThat(Long.parseLong(r.retryAfter().orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void theFourthAttemptForAUsernameIsRefusedFromAnyAddressEvenWithTheRightPassword() {
        String name = user();
        assertThat(login(auth, address(), name, "wrong-password").status()).isEqualTo(401);
        assertThat(login(auth, address(), name, "wrong-password").status()).isEqualTo(401);
        assertThat(login(auth, address(), name, PASSWORD).status()).isEqualTo(200);
        assertLimited(login(auth, address(), name, PASSWORD));
        assertLimited(login(auth, address(), name, "wrong-password"));
        // Another username from a fresh address is not affected.
        assertThat(login(auth, address(), user(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void theFourthAttemptFromAnAddressIsRefusedForAnyUsername() {
        String from = address();
        assertThat(login(auth, from, user(), PASSWORD).status()).isEqualTo(200);
        assertThat(login(auth, from, user(), "wrong-password").status()).isEqualTo(401);
        assertThat(login(auth, from, unique("unknown"), PASSWORD).status()).isEqualTo(401);
        String fresh = user();
        assertLimited(login(auth, from, fresh, PASSWORD));
        // Attempts with names that cannot exist count for the address too.
        assertLimited(login(auth, from, "NOT A NAME", PASSWORD));
        // The same user from another address is not affected (one attempt counted so far).
        assertThat(login(auth, address(), fresh, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void theCountsAreSharedByEveryAuthInstance() {
        String name = user();
        assertThat(login(auth, address(), name, PASSWORD).status()).isEqualTo(200);
        assertThat(login(second, address(), name, PASSWORD).status()).isEqualTo(200);
        assertThat(login(auth, address(), name, PASSWORD).status()).isEqualTo(200);
        assertLimited(login(second, address(), name, PASSWORD));
    }
}
