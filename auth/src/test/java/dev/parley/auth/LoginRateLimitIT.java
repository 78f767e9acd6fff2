package dev.parley.auth;

import static dev.parley.auth.AccountsIT.credentials;
import static dev.parley.auth.AccountsIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The abuse limits on real Redis, shared by two auth instances: 3 failed logins per (username,
 * address), 6 per address, 5 registrations per address; 127.0.0.2 is a trusted proxy. Clients
 * send from distinct loopback addresses (127.a.b.c all reach 127.0.0.1 on Linux), chosen at random
 * so that counts of other tests in this JVM's Redis never mix in.
 */
class LoginRateLimitIT {
    private static final String PASSWORD = "correct-horse";
    private static final String PROXY = "127.0.0.2";
    private static AuthUnderTest auth;
    private static AuthUnderTest second;

    @BeforeAll
    static void start() {
        String schema = AuthUnderTest.newSchema();
        Map<String, String> limits = Map.of("auth.login-limit.attempts", "3", "auth.login-limit.window", "1m",
                "auth.login-limit.address-failures", "6", "auth.register-limit.attempts", "5",
                "auth.trusted-proxies", PROXY + "/32");
        auth = AuthUnderTest.start(schema, AuthUnderTest.newKeysDir(), limits);
        second = AuthUnderTest.start(schema, auth.keysDir, limits);
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
        new ParleyHttp(auth.url(), address()).post("/v1/auth/register", null, credentials(name, PASSWORD)).expect(201);
        return name;
    }

    private static HttpResult login(AuthUnderTest where, String from, String name, String password) {
        return new ParleyHttp(where.url(), from).post("/v1/auth/login", null, credentials(name, password));
    }

    private static HttpResult viaProxy(String forwardedFor, String name, String password) {
        return new ParleyHttp(auth.url(), PROXY).postWith("/v1/auth/login", credentials(name, password),
                "X-Forwarded-For", forwardedFor);
    }

    private static void assertLimited(HttpResult r) {
        assertLimited(r, 60);
    }

    /** @param windowSeconds the window of the limit: Retry-After says when it ends */
    private static void assertLimited(HttpResult r, long windowSeconds) {
        assertThat(r.status()).as(r.body()).isEqualTo(429);
        assertThat(r.errorCode()).isEqualTo("rate_limited");
        assertThat(r.retryAfter()).isPresent();
        assertThat(Long.parseLong(r.retryAfter().orElseThrow())).isBetween(1L, windowSeconds);
    }

    @Test
    void theVictimLogsInFromASecondAddressWhileTheAttackerHasExhaustedTheLimitFromTheFirst() {
        String victim = user();
        String attacker = address();
        for (int i = 0; i < 3; i++) {
            assertThat(login(i % 2 == 0 ? auth : second, attacker, victim, "wrong-password").status()).isEqualTo(401);
        }
        assertLimited(login(auth, attacker, victim, "wrong-password"));
        assertLimited(login(second, attacker, victim, PASSWORD)); // shared by every instance
        assertThat(login(auth, address(), victim, PASSWORD).status()).isEqualTo(200);
        assertThat(login(second, address(), victim, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void tenSuccessfulLoginsFromOneAddressLockNobody() {
        String office = address();
        List<String> colleagues = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            colleagues.add(user());
        }
        for (String name : colleagues) {
            assertThat(login(auth, office, name, PASSWORD).status()).isEqualTo(200);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(login(i % 2 == 0 ? auth : second, office, colleagues.getFirst(), PASSWORD).status()).isEqualTo(200);
        }
    }

    @Test
    void failuresAcrossUsernamesLockTheAddressButNotTheAccounts() {
        String stuffer = address();
        String target = user();
        for (int i = 0; i < 6; i++) {
            assertThat(login(auth, stuffer, i == 0 ? target : unique("guess"), "password" + i).status()).isEqualTo(401);
        }
        assertLimited(login(auth, stuffer, user(), PASSWORD));
        assertLimited(login(second, stuffer, "NOT A NAME", PASSWORD));
        assertThat(login(auth, address(), target, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void registrationsPerAddressAreLimitedEvenInParallel() throws Exception {
        String from = address();
        List<Future<HttpResult>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 12; i++) {
                AuthUnderTest where = i % 2 == 0 ? auth : second;
                String name = unique("reg");
                answers.add(pool.submit(() -> new ParleyHttp(where.url(), from).post("/v1/auth/register", null,
                        credentials(name, PASSWORD))));
            }
        }
        int created = 0;
        for (Future<HttpResult> f : answers) {
            HttpResult r = f.get();
            if (r.status() == 201) {
                created++;
            } else {
                assertLimited(r, 600); // the default registration window: 10 minutes
            }
        }
        assertThat(created).isEqualTo(5);
        new ParleyHttp(auth.url(), address()).post("/v1/auth/register", null, credentials(unique("reg"), PASSWORD))
                .expect(201);
    }

    @Test
    void xForwardedForIsHonouredOnlyFromATrustedProxy() {
        String victim = user();
        String client = address();
        // Through the proxy, the right-most untrusted hop is the client; what it wrote left of that is not believed.
        for (int i = 0; i < 3; i++) {
            assertThat(viaProxy(address() + ", " + client, victim, "wrong-password").status()).isEqualTo(401);
        }
        assertLimited(viaProxy(client, victim, PASSWORD));
        assertThat(viaProxy(address(), victim, PASSWORD).status()).isEqualTo(200);
        // A client that is not a trusted proxy cannot pick its address by header.
        String direct = address();
        for (int i = 0; i < 3; i++) {
            assertThat(new ParleyHttp(auth.url(), direct).postWith("/v1/auth/login", credentials(victim, "wrong-password"),
                    "X-Forwarded-For", address()).status()).isEqualTo(401);
        }
        assertLimited(new ParleyHttp(auth.url(), direct).postWith("/v1/auth/login", credentials(victim, PASSWORD),
                "X-Forwarded-For", address()));
        // ...nor claim to be the locked-out client (the direct peer is keyed by itself).
        assertThat(new ParleyHttp(auth.url(), address()).postWith("/v1/auth/login", credentials(victim, PASSWORD),
                "X-Forwarded-For", client).status()).isEqualTo(200);
    }
}
