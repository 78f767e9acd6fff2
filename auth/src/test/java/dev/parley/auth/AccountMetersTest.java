package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each account call moves exactly one series of its meter by exactly one: the one of its outcome. */
@ServerTest
class AccountMetersTest {
    private static final TestServices T = new TestServices(TestServices.limits(2, 1_000, 1_000, 1_000));
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Api api;

    AccountMetersTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, T.services);
    }

    private static String name() {
        return "meter_" + NAMES.incrementAndGet();
    }

    /** Every series of {@code meter} by its outcome tag. */
    private static Map<String, Double> series(String meter) {
        Map<String, Double> out = new TreeMap<>();
        for (Counter c : T.meters.get(meter).counters()) {
            out.put(c.getId().getTag("outcome"), c.count());
        }
        return out;
    }

    /** What {@code call} moved, series by series (only those that moved). */
    private static Map<String, Double> moved(String meter, Runnable call) {
        Map<String, Double> before = series(meter);
        call.run();
        Map<String, Double> delta = new TreeMap<>();
        series(meter).forEach((outcome, v) -> {
            double d = v - before.getOrDefault(outcome, 0.0);
            if (d != 0) {
                delta.put(outcome, d);
            }
        });
        return delta;
    }

    private static Runnable expect(Supplier<Api.Response> call, int status) {
        return () -> assertThat(call.get().status()).isEqualTo(status);
    }

    @Test
    void everyOutcomeSeriesExistsFromTheStart() {
        assertThat(series("parley.auth.logins")).containsOnlyKeys("ok", "bad_credentials", "rate_limited",
                "invalid_request", "unavailable");
        assertThat(series("parley.auth.registrations")).containsOnlyKeys("ok", "username_taken", "rate_limited",
                "invalid_request", "unavailable");
        assertThat(series("parley.auth.refresh")).containsOnlyKeys("rotated", "reused", "expired", "invalid",
                "invalid_request", "unavailable");
    }

    @Test
    void loginsAreCountedByOutcome() {
        String name = name();
        api.signUp(name);
        String address = "{\"username\":\"" + name + "\",\"password\":";
        assertThat(moved("parley.auth.logins", expect(() -> api.post("/v1/auth/login", null, Api.credentials(name)),
                200))).isEqualTo(Map.of("ok", 1.0));
        assertThat(moved("parley.auth.logins", expect(() -> api.post("/v1/auth/login", null,
                address + "\"not the password\"}"), 401))).isEqualTo(Map.of("bad_credentials", 1.0));
        assertThat(moved("parley.auth.logins", expect(() -> api.post("/v1/auth/login", null,
                address + "7}"), 400))).isEqualTo(Map.of("invalid_request", 1.0));
        api.post("/v1/auth/login", null, address + "\"wrong again\"}"); // the pair's second failure: its limit
        assertThat(moved("parley.auth.logins", expect(() -> api.post("/v1/auth/login", null, Api.credentials(name)),
                429))).isEqualTo(Map.of("rate_limited", 1.0));
    }

    @Test
    void aStoreFailureIsUnavailable() {
        String name = name();
        api.signUp(name);
        T.users.failing(true);
        try {
            assertThat(moved("parley.auth.logins", expect(() -> api.post("/v1/auth/login", null,
                    Api.credentials(name)), 503))).isEqualTo(Map.of("unavailable", 1.0));
        } finally {
            T.users.failing(false);
        }
    }

    @Test
    void registrationsAreCountedByOutcome() {
        String name = name();
        assertThat(moved("parley.auth.registrations", expect(() -> api.post("/v1/auth/register", null,
                Api.credentials(name)), 201))).isEqualTo(Map.of("ok", 1.0));
        assertThat(moved("parley.auth.registrations", expect(() -> api.post("/v1/auth/register", null,
                Api.credentials(name)), 409))).isEqualTo(Map.of("username_taken", 1.0));
        assertThat(moved("parley.auth.registrations", expect(() -> api.post("/v1/auth/register", null,
                "{\"username\":\"ab\",\"password\":\"longenough\"}"), 400))).isEqualTo(Map.of("invalid_request", 1.0));
        assertThat(moved("parley.auth.registrations", expect(() -> api.post("/v1/auth/register", null, "not json"),
                400))).isEqualTo(Map.of("invalid_request", 1.0));
    }

    @Test
    void refreshRotationAndReuseAreCounted() {
        String first = api.signUp(name()).path("refreshToken").asText();
        String[] second = new String[1];
        assertThat(moved("parley.auth.refresh", () -> {
            Api.Response r = api.post("/v1/auth/refresh", null, refresh(first));
            assertThat(r.status()).isEqualTo(200);
            second[0] = r.json().path("refreshToken").asText();
        })).isEqualTo(Map.of("rotated", 1.0));
        assertThat(moved("parley.auth.refresh", expect(() -> api.post("/v1/auth/refresh", null, refresh(first)),
                401))).isEqualTo(Map.of("reused", 1.0));
        // the reuse revoked the login: its current token is now merely invalid, not a second reuse
        assertThat(moved("parley.auth.refresh", expect(() -> api.post("/v1/auth/refresh", null, refresh(second[0])),
                401))).isEqualTo(Map.of("invalid", 1.0));
        assertThat(moved("parley.auth.refresh", expect(() -> api.post("/v1/auth/refresh", null, refresh("garbage")),
                401))).isEqualTo(Map.of("invalid", 1.0));
        assertThat(moved("parley.auth.refresh", expect(() -> api.post("/v1/auth/refresh", null, "{}"),
                400))).isEqualTo(Map.of("invalid_request", 1.0));
    }

    @Test
    void anExpiredRefreshTokenIsCountedAsExpired() {
        String token = api.signUp(name()).path("refreshToken").asText();
        T.clock.advance(Duration.ofDays(31));
        assertThat(moved("parley.auth.refresh", expect(() -> api.post("/v1/auth/refresh", null, refresh(token)),
                401))).isEqualTo(Map.of("expired", 1.0));
    }

    @Test
    void prometheusExportsTheDocumentedNames() {
        api.signUp(name());
        String scrape = T.meters.scrape();
        assertThat(scrape).contains("parley_auth_logins_total{outcome=\"ok\"}")
                .contains("parley_auth_registrations_total{outcome=\"username_taken\"}")
                .contains("parley_auth_refresh_total{outcome=\"reused\"}")
                .contains("# HELP parley_auth_logins_total Login attempts by outcome");
    }

    private static String refresh(String token) {
        return "{\"refreshToken\":\"" + token + "\"}";
    }
}
