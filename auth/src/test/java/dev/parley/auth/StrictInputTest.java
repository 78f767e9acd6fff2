package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every client-supplied string must be well-formed Unicode: in bodies (values and field names),
 * paths, queries and the headers auth reads. Anything else is 400 {@code invalid_request}: never
 * 5xx, never looked up as something else, never stored.
 */
@ServerTest
class StrictInputTest {
    private static final TestServices T = new TestServices();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Api api;
    private final URI uri;
    private final String token;
    private final String group;

    StrictInputTest(Http1Client client, URI uri) {
        this.api = new Api(client);
        this.uri = uri;
        JsonNode login = api.signUp("strict_" + NAMES.incrementAndGet());
        this.token = login.path("accessToken").asText();
        this.group = api.post("/v1/conversations", token, "{\"kind\":\"group\",\"title\":\"g\"}")
                .json().path("conversationId").asText();
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, T.services);
    }

    private static void assertInvalid(int status, String code, String what) {
        assertThat(status).as(what).isEqualTo(400);
        assertThat(code).as(what).isEqualTo("invalid_request");
    }

    private void assertInvalid(Api.Response r, String what) {
        assertInvalid(r.status(), r.errorCode(), what + " -> " + r.body());
    }

    @Test
    void aLoneSurrogateAnywhereInABodyIs400() {
        int conversationsBefore = T.conversations.outboxEntries().size();
        String[][] cases = {
            {"/v1/conversations", "{\"kind\":\"group\",\"title\":\"t\",\"x\\ud800\":1}"},
            {"/v1/conversations", "{\"kind\":\"group\",\"title\":\"t\",\"members\":[\"\\udc00\"]}"},
            {"/v1/conversations", "{\"kind\":\"group\",\"title\":\"t\",\"ignored\":{\"deep\":[\"\\ud83d\"]}}"},
            {"/v1/conversations", "{\"kind\":\"direct\\ud800\",\"members\":[]}"},
            {"/v1/conversations/" + group + "/members", "{\"userIds\":[\"\\ud800\"]}"},
            {"/v1/conversations/" + group + "/members", "{\"userId\":\"a\\udfff\"}"},
            {"/v1/auth/register", "{\"username\":\"fine_name\",\"password\":\"goodpassword\",\"\\ud800\":0}"},
            {"/v1/auth/login", "{\"username\":\"x\\ud800\",\"password\":\"goodpassword\"}"},
            {"/v1/auth/logout", "{\"refreshToken\":\"\\ud800\"}"},
        };
        for (String[] c : cases) {
            assertInvalid(api.post(c[0], token, c[1]), c[0] + " " + c[1]);
        }
        assertThat(T.conversations.outboxEntries()).hasSize(conversationsBefore);
        assertThat(T.users.findByUsername("fine_name")).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8InABodyAre400() {
        byte[] encodedSurrogate = {'{', '"', 'k', 'i', 'n', 'd', '"', ':', '"', 'g', 'r', 'o', 'u', 'p', '"', ',',
            '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', 't', '"', ',', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"',
            ':', '1', '}'};
        byte[] latin1 = "{\"kind\":\"group\",\"title\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] body : new byte[][] {encodedSurrogate, latin1}) {
            RawRequest.Answer a = RawRequest.send(uri, "POST", "/v1/conversations", body, "Authorization: Bearer " + token);
            assertInvalid(a.status(), a.errorCode(), a.text());
        }
    }

    @Test
    void pathsThatDoNotDecodeToUtf8Are400AndOtherNonIdsAre404() {
        for (String id : new String[] {"%ED%A0%80", "%FF", "abc%C3", "%C3%28"}) {
            for (String method : new String[] {"GET", "DELETE"}) {
                String target = "/v1/conversations/" + id + (method.equals("DELETE") ? "/members/x" : "");
                RawRequest.Answer a = RawRequest.send(uri, method, target, null, "Authorization: Bearer " + token);
                assertInvalid(a.status(), a.errorCode(), method + " " + target + " -> " + a.text());
            }
        }
        RawRequest.Answer q = RawRequest.send(uri, "GET", "/v1/conversations/" + group + "?x=%ED%B0%80", null,
                "Authorization: Bearer " + token);
        assertInvalid(q.status(), q.errorCode(), q.text());
        for (String id : new String[] {"%00", "x", "%E2%80%AE", group.toUpperCase()}) {
            RawRequest.Answer a = RawRequest.send(uri, "GET", "/v1/conversations/" + id, null,
                    "Authorization: Bearer " + token);
            assertThat(a.status()).as(id).isEqualTo(404);
            assertThat(a.errorCode()).isEqualTo("not_found");
        }
        assertThat(RawRequest.send(uri, "GET", "/v1/conversations/" + group, null, "Authorization: Bearer " + token)
                .status()).isEqualTo(200);
    }

    @Test
    void readHeadersThatAreNotUtf8Are400() {
        RawRequest.Answer bearer = RawRequest.send(uri, "GET", "/v1/conversations/" + group, null,
                "Authorization: Bearer \u00ed\u00a0\u0080");
        assertInvalid(bearer.status(), bearer.errorCode(), bearer.text());
        RawRequest.Answer forwarded = RawRequest.send(uri, "POST", "/v1/auth/login",
                Api.credentials("nobody").getBytes(StandardCharsets.UTF_8), "X-Forwarded-For: 10.0.0.1, \u00ff");
        assertInvalid(forwarded.status(), forwarded.errorCode(), forwarded.text());
    }
}
