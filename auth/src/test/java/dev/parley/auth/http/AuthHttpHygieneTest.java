package dev.parley.auth.http;

import dev.parley.testkit.http.HttpHygieneContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The HTTP hygiene contract against the auth service's server. Auth has no WebSocket: an upgrade request is plain HTTP there. */
class AuthHttpHygieneTest extends HttpHygieneContract {
    private static final String LOGIN = "{\"username\":\"nobody\",\"password\":\"whatever1\"}";
    private static AuthServerUnderTest auth;

    @BeforeAll
    static void start() {
        auth = new AuthServerUnderTest();
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Override
    protected int port() {
        return auth.port();
    }

    @Override
    protected String postPath() {
        return "/v1/auth/login";
    }

    @Override
    protected String sampleBody() {
        return LOGIN;
    }

    @Override
    protected String smuggledPath() {
        return "/.well-known/jwks.json";
    }

    @Override
    protected String tooLargeRequest() {
        String big = "{\"username\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"whatever1\"}";
        return "POST /v1/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + big.length() + "\r\n\r\n" + big;
    }
}
