package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The abuse limits through the real routes. Every request comes from 127.0.0.1, so each test starts
 * in fresh windows (the clock jumps past them).
 */
@ServerTest
class LoginRateLimitTest {
    private static final TestServices T = new TestServices(TestServices.limits(3, 1000, 10, 20));
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Api api;
    private final URI uri;

    LoginRateLimitTest(Http1Client client, URI uri) {
        this.api = new Api(client);
        this.uri = uri;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, T.services);
    }

    @BeforeEach
    void freshWindows() {
        T.clock.advance(Duration.ofMinutes(2));
    }

    private String registered() {
        String name = "limited_" + NAMES.incrementAndGet();
        assertThat(api.post("/v1/auth/register", null, Api.credentials(name)).status()).isEqualTo(201);
        return name;
    }

    @Test
    void theFourthFailureInAMinuteIs429UntilTheWindowEndsAndSuccessesDoNotCount() {
        String name = registered();
        String wrong = "{\"username\":\"" + name + "\",\"password\":\"not the password\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/v1/auth/login", null, Api.credentials(name)).status()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/v1/auth/login", null, wrong).status()).isEqualTo(401);
        }
        T.clock.advance(Duration.ofSeconds(20));
        Api.Response limited = api.post("/v1/auth/login", null, Api.credentials(name));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(limited.retryAfter()).isEqualTo("40");
        // Without trusted proxies, a forwarded header changes nothing.
        assertThat(api.call(Method.POST, "/v1/auth/login", null, Api.credentials(name),
                Map.of("X-Forwarded-For", "203.0.113.9")).status()).isEqualTo(429);

        T.clock.advance(Duration.ofSeconds(40));
        assertThat(api.post("/v1/auth/login", null, Api.credentials(name)).status()).isEqualTo(200);
    }

    @Test
    void sixtyParallelRegistrationsFromOneAddressAdmitTheLimitOnly() throws Exception {
        // A socket each: the test client's shared keep-alive connections are not for parallel use.
        List<Future<RawRequest.Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 60; i++) {
                byte[] body = Api.credentials("flood_" + NAMES.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
                answers.add(pool.submit(() -> RawRequest.send(uri, "POST", "/v1/auth/register", body)));
            }
        }
        int created = 0;
        for (Future<RawRequest.Answer> f : answers) {
            RawRequest.Answer r = f.get();
            if (r.status() == 201) {
                created++;
            } else {
                assertThat(r.status()).isEqualTo(429);
                assertThat(r.errorCode()).isEqualTo("rate_limited");
                assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
            }
        }
        assertThat(created).isEqualTo(10);
    }

    @Test
    void conversationCallsPastTheBurstAre429PerUser() {
        String a = api.post("/v1/auth/login", null, Api.credentials(registered())).json().path("accessToken").asText();
        String b = api.post("/v1/auth/login", null, Api.credentials(registered())).json().path("accessToken").asText();
        String missing = "/v1/conversations/00000000-0000-4000-8000-000000000000";
        for (int i = 0; i < 40; i++) {
            assertThat(api.get(missing, a).status()).isEqualTo(404);
        }
        Api.Response limited = api.get(missing, a);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(limited.retryAfter()).isEqualTo("1");
        assertThat(api.get(missing, b).status()).isEqualTo(404);

        T.clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            assertThat(api.get(missing, a).status()).isEqualTo(404);
        }
        assertThat(api.get(missing, a).status()).isEqualTo(429);
    }
}
