package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every request of this class comes from one address, so it has exactly one test. */
@ServerTest
class LoginRateLimitTest {
    private static final TestServices T = new TestServices(3);

    private final Api api;

    LoginRateLimitTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, T.services);
    }

    @Test
    void fourthAttemptInAMinuteIs429UntilTheWindowEnds() {
        api.post("/v1/auth/register", null, Api.credentials("limited"));
        String wrong = "{\"username\":\"limited\",\"password\":\"not the password\"}";
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/v1/auth/login", null, wrong).status()).isEqualTo(401);
        }
        T.clock.advance(Duration.ofSeconds(20));
        Api.Response limited = api.post("/v1/auth/login", null, Api.credentials("limited"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(limited.retryAfter()).isEqualTo("40");

        T.clock.advance(Duration.ofSeconds(40));
        assertThat(api.post("/v1/auth/login", null, Api.credentials("limited")).status()).isEqualTo(200);
    }
}
