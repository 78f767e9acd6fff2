package dev.parley.auth;

import static dev.parley.auth.AccountsIT.credentials;
import static dev.parley.auth.AccountsIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input on every endpoint that takes a body: each answer is a 4xx with exactly
 * the contract's error object (never 500 or a stack trace), and nothing is written.
 */
class BadInputIT {
    private static AuthUnderTest auth;
    private static ParleyHttp http;
    private static ConversationsIT.U user;
    private static String group;

    @BeforeAll
    static void start() {
        auth = AuthUnderTest.start(AuthUnderTest.newSchema(), AuthUnderTest.newKeysDir());
        http = new ParleyHttp(auth.url());
        user = ConversationsIT.user(auth.http());
        group = auth.http().post("/v1/conversations", user.token(), ConversationsIT.groupBody("g", List.of()))
                .expect(201).json().path("conversationId").asText();
    }

    @AfterAll
    static void stop() {
        if (auth != null) {
            auth.close();
        }
    }

    private static List<String> bodyEndpoints() {
        return List.of("/v1/auth/register", "/v1/auth/login", "/v1/auth/refresh", "/v1/auth/logout",
                "/v1/conversations", "/v1/conversations/" + group + "/members");
    }

    /** The state every refused request must leave unchanged. */
    private static List<Long> state() {
        List<Long> out = new ArrayList<>();
        for (String table : List.of("users", "refresh_tokens", "refresh_token_families", "conversations",
                "conversation_members", "outbox")) {
            out.add(auth.number("SELECT count(*) FROM " + table));
        }
        return out;
    }

    static void assertContractError(HttpResult r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.body()).isEqualTo(code);
        List<String> top = new ArrayList<>();
        for (Iterator<String> it = r.json().fieldNames(); it.hasNext(); ) {
            top.add(it.next());
        }
        assertThat(top).containsExactly("error");
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.parley");
    }

    @Test
    void malformedJsonWrongTypesAndMissingFieldsAre400Everywhere() {
        List<Long> before = state();
        String[] bodies = {"", "{", "{\"username\":", "not json", "[]", "null", "42", "\"text\"", "{} {}",
                "{\"username\":\"a\",}", "{'username':'abc'}", "\u0000", "{\"username\":\"abc\"}x",
                "{\"username\":123,\"password\":true,\"refreshToken\":[],\"kind\":{},\"userId\":1.5,\"userIds\":7}",
                "{\"username\":null,\"password\":null,\"refreshToken\":null,\"kind\":null}", "{}"};
        for (String endpoint : bodyEndpoints()) {
            for (String body : bodies) {
                HttpResult r = http.post(endpoint, user.token(), body);
                assertThat(r.status()).as(endpoint + " " + body + " -> " + r.body()).isEqualTo(400);
                assertContractError(r, 400, "invalid_request");
            }
        }
        assertThat(http.post("/v1/auth/register", null, "{\"username\":\"abcdef\"}").status()).isEqualTo(400);
        assertThat(http.post("/v1/auth/register", null, "{\"password\":\"abcdefgh\"}").status()).isEqualTo(400);
        assertThat(http.post("/v1/auth/register", null, "{\"username\":[\"abcdef\"],\"password\":\"abcdefgh\"}")
                .status()).isEqualTo(400);
        assertThat(http.post("/v1/conversations", user.token(), "{\"kind\":\"group\",\"title\":[\"x\"]}").status())
                .isEqualTo(400);
        assertThat(http.post("/v1/conversations", user.token(), "{\"kind\":\"group\",\"title\":\"t\",\"members\":[1]}")
                .status()).isEqualTo(400);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void bodiesOver64KiBAre413InvalidRequestWithOrWithoutContentLength() {
        List<Long> before = state();
        String padding = "x".repeat(64 * 1024);
        byte[] big = ("{\"username\":\"" + padding + "\",\"password\":\"abcdefgh\"}").getBytes(StandardCharsets.UTF_8);
        for (String endpoint : bodyEndpoints()) {
            for (boolean chunked : new boolean[] {false, true}) {
                assertContractError(http.post(endpoint, user.token(), big, chunked), 413, "invalid_request");
            }
        }
        // A body of exactly 64 KiB is read (and refused only for what it says).
        String exact = "{\"username\":\"abc\",\"password\":\"abcdefgh\",\"pad\":\"";
        byte[] limit = (exact + "y".repeat(64 * 1024 - exact.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(limit).hasSize(64 * 1024);
        assertContractError(http.post("/v1/auth/login", null, limit, true), 401, "invalid_credentials");
        assertThat(state()).isEqualTo(before);
        // The service still answers normally afterwards.
        assertThat(http.post("/v1/auth/login", null, credentials(unique("none"), "abcdefgh")).status()).isEqualTo(401);
    }

    @Test
    void oddUnicodeInUsernamesIsRefusedAndInPasswordsRoundTrips() {
        List<Long> before = state();
        for (String name : new String[] {"abc\u200f", "\u202eabc", "ab\u0000c", "abc\ud800", "\udc00abc", "ａｂｃ",
                "abc\u0301", "'; drop table users; --", "admin'--", "abc\"", "a".repeat(100_00), "abc\n"}) {
            assertContractError(http.post("/v1/auth/register", null, credentials(name, "abcdefgh")), 400,
                    "invalid_request");
            // A string that is not well-formed Unicode is a malformed request, not a wrong name.
            boolean malformed = !dev.parley.common.text.Unicode.isWellFormed(name);
            assertContractError(http.post("/v1/auth/login", null, credentials(name, "abcdefgh")),
                    malformed ? 400 : 401, malformed ? "invalid_request" : "invalid_credentials");
        }
        for (String password : new String[] {"abcdefg\ud800", "\udc00abcdefgh", "x".repeat(30_000)}) {
            assertContractError(http.post("/v1/auth/register", null, credentials(unique("p"), password)), 400,
                    "invalid_request");
        }
        assertThat(state()).isEqualTo(before);
        for (String password : new String[] {"nul\u0000byte!", "\u202e\u200frtl-marks", "'; drop table users; --",
                "😀😀😀😀😀😀😀😀", "e\u0301e\u0301e\u0301e\u0301"}) {
            String name = unique("odd");
            http.post("/v1/auth/register", null, credentials(name, password)).expect(201);
            http.post("/v1/auth/login", null, credentials(name, password)).expect(200);
            assertContractError(http.post("/v1/auth/login", null, credentials(name, password + " ")), 401,
                    "invalid_credentials");
        }
        assertThat(auth.number("SELECT count(*) FROM users")).isEqualTo(before.getFirst() + 5);
    }

    @Test
    void unknownEndpointsAndMethodsAre404AndNeverAStackTrace() {
        assertContractError(http.method("GET", "/nope", null), 404, "not_found");
        assertContractError(http.method("GET", "/v1/auth/login", null), 404, "not_found");
        assertContractError(http.method("PUT", "/v1/conversations/" + group, user.token()), 404, "not_found");
        assertContractError(http.method("DELETE", "/v1/conversations/" + group, user.token()), 404, "not_found");
        assertContractError(http.method("POST", "/.well-known/jwks.json", null), 404, "not_found");
        assertContractError(http.method("GET", "/v1/conversations/" + UUID.randomUUID() + "/members/x", user.token()),
                404, "not_found");
    }
}
