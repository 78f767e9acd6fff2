package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.ConversationMembers;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@ServerTest
class ConversationRoutesTest {
    private static final TestServices T = new TestServices();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Api api;

    ConversationRoutesTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, T.services);
    }

    private record U(String id, String token) {
    }

    private U user() {
        JsonNode login = api.signUp("member_" + NAMES.incrementAndGet());
        return new U(login.path("userId").asText(), login.path("accessToken").asText());
    }

    private static List<String> ids(JsonNode members) {
        List<String> out = new ArrayList<>();
        members.forEach(m -> out.add(m.asText()));
        return out;
    }

    private Api.Response group(U caller, String title, String... members) {
        return api.post("/v1/conversations", caller.token(),
                "{\"kind\":\"group\",\"title\":\"" + title + "\",\"members\":" + json(members) + "}");
    }

    private static String json(String... ids) {
        return "[" + String.join(",", List.of(ids).stream().map(i -> "\"" + i + "\"").toList()) + "]";
    }

    private List<ConversationMembers> outbox(String conversationId) {
        return T.conversations.outboxEntries().stream().filter(m -> m.conversationId().equals(conversationId)).toList();
    }

    @Test
    void directIsUniquePerUnorderedPair() {
        U a = user();
        U b = user();
        Api.Response first = api.post("/v1/conversations", a.token(), "{\"kind\":\"direct\",\"members\":[\"" + b.id() + "\"]}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("kind").asText()).isEqualTo("direct");
        assertThat(first.json().has("title")).isTrue();
        assertThat(first.json().path("title").isNull()).isTrue();
        assertThat(ids(first.json().path("members"))).containsExactly(a.id(), b.id());
        assertThat(first.json().path("createdAt").asText()).isEqualTo("2030-01-01T00:00:00Z");

        Api.Response again = api.post("/v1/conversations", b.token(), "{\"kind\":\"direct\",\"members\":[\"" + a.id() + "\"]}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("conversationId")).isEqualTo(first.json().path("conversationId"));
        assertThat(outbox(first.json().path("conversationId").asText())).hasSize(1);
    }

    @Test
    void directNeedsExactlyOneOtherExistingUser() {
        U a = user();
        U b = user();
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"direct\",\"members\":[\"" + a.id() + "\"]}").status())
                .isEqualTo(400);
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"direct\",\"members\":[]}").status()).isEqualTo(400);
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"direct\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/conversations", a.token(),
                "{\"kind\":\"direct\",\"members\":[\"" + b.id() + "\",\"" + UUID.randomUUID() + "\"]}").status()).isEqualTo(400);
        Api.Response unknown = api.post("/v1/conversations", a.token(),
                "{\"kind\":\"direct\",\"members\":[\"" + UUID.randomUUID() + "\"]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
        // A malformed string is refused as such (it used to pass as "no such user").
        Api.Response malformed = api.post("/v1/conversations", a.token(), "{\"kind\":\"direct\",\"members\":[\"\\ud800 x\"]}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void groupIncludesTheCallerFirstAndDeduplicates() {
        U a = user();
        U b = user();
        U c = user();
        Api.Response r = group(a, "Team 🚀", b.id(), c.id(), b.id(), a.id());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("title").asText()).isEqualTo("Team 🚀");
        assertThat(ids(r.json().path("members"))).containsExactly(a.id(), b.id(), c.id());
        String id = r.json().path("conversationId").asText();
        List<ConversationMembers> out = outbox(id);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().members()).containsExactly(a.id(), b.id(), c.id());
        assertThat(out.getFirst().kind()).isEqualTo("group");
        assertThat(out.getFirst().version()).isPositive();
    }

    @Test
    void groupValidatesTitleAndMembers() {
        U a = user();
        String missing = UUID.randomUUID().toString();
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"group\",\"members\":[]}").status()).isEqualTo(400);
        assertThat(group(a, "").status()).isEqualTo(400);
        assertThat(group(a, "   ").status()).isEqualTo(400);
        assertThat(group(a, "x".repeat(201)).status()).isEqualTo(400);
        assertThat(group(a, "😀".repeat(200)).status()).isEqualTo(201);
        assertThat(group(a, "bell\\u0007").status()).isEqualTo(400);
        assertThat(group(a, "nul\\u0000").status()).isEqualTo(400);
        assertThat(group(a, "ok", missing).status()).isEqualTo(404);
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"group\",\"title\":5}").status()).isEqualTo(400);
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"group\",\"title\":\"t\",\"members\":\"x\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"group\",\"title\":\"t\",\"members\":[1]}").status())
                .isEqualTo(400);
        String[] many = new String[1001];
        java.util.Arrays.fill(many, a.id());
        assertThat(group(a, "big", many).status()).isEqualTo(400);
        assertThat(api.post("/v1/conversations", a.token(), "{\"kind\":\"channel\",\"title\":\"t\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/conversations", a.token(), "{\"title\":\"t\"}").status()).isEqualTo(400);
    }

    @Test
    void everyConversationCallNeedsAValidToken() {
        U a = user();
        String body = "{\"kind\":\"group\",\"title\":\"t\"}";
        assertThat(api.post("/v1/conversations", null, body).errorCode()).isEqualTo("unauthorized");
        assertThat(api.post("/v1/conversations", "garbage", body).status()).isEqualTo(401);
        String foreign = new TokenIssuer(KeyStore.of(List.of(KeyStore.generate(T.clock))), T.clock, Duration.ofMinutes(5))
                .issue(a.id(), "x", "login-1").token();
        assertThat(api.post("/v1/conversations", foreign, body).status()).isEqualTo(401);
        assertThat(api.get("/v1/conversations/" + UUID.randomUUID(), null).status()).isEqualTo(401);
        assertThat(api.delete("/v1/conversations/x/members/y", null).status()).isEqualTo(401);
    }

    @Test
    void onlyMembersSeeAConversation() {
        U a = user();
        U b = user();
        U outsider = user();
        String id = group(a, "secret", b.id()).json().path("conversationId").asText();
        Api.Response got = api.get("/v1/conversations/" + id, b.token());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().path("title").asText()).isEqualTo("secret");
        assertThat(api.get("/v1/conversations/" + id, outsider.token()).errorCode()).isEqualTo("not_found");
        assertThat(api.get("/v1/conversations/" + UUID.randomUUID(), a.token()).status()).isEqualTo(404);
        assertThat(api.get("/v1/conversations/not-a-uuid", a.token()).status()).isEqualTo(404);
    }

    @Test
    void anyMemberMayAddAndAddingTwiceIsHarmless() {
        U a = user();
        U b = user();
        U c = user();
        U d = user();
        String id = group(a, "adds", b.id()).json().path("conversationId").asText();
        String path = "/v1/conversations/" + id + "/members";
        assertThat(api.post(path, b.token(), "{\"userId\":\"" + c.id() + "\"}").status()).isEqualTo(204);
        assertThat(api.post(path, b.token(), "{\"userIds\":" + json(c.id(), d.id()) + "}").status()).isEqualTo(204);
        assertThat(api.post(path, a.token(), "{\"userIds\":" + json(c.id(), d.id()) + "}").status()).isEqualTo(204);
        assertThat(ids(api.get("/v1/conversations/" + id, d.token()).json().path("members")))
                .containsExactly(a.id(), b.id(), c.id(), d.id());
        List<ConversationMembers> out = outbox(id);
        assertThat(out).hasSize(3);
        assertThat(out.get(2).members()).containsExactly(a.id(), b.id(), c.id(), d.id());
        assertThat(out.get(0).version()).isLessThan(out.get(1).version());
        assertThat(out.get(1).version()).isLessThan(out.get(2).version());
    }

    @Test
    void addingIsRefusedForOutsidersDirectsAndBadBodies() {
        U a = user();
        U b = user();
        U outsider = user();
        String id = group(a, "g", b.id()).json().path("conversationId").asText();
        String path = "/v1/conversations/" + id + "/members";
        assertThat(api.post(path, outsider.token(), "{\"userId\":\"" + outsider.id() + "\"}").status()).isEqualTo(404);
        assertThat(api.post(path, a.token(), "{\"userId\":\"" + UUID.randomUUID() + "\"}").status()).isEqualTo(404);
        assertThat(api.post(path, a.token(), "{}").status()).isEqualTo(400);
        assertThat(api.post(path, a.token(), "{\"userId\":\"" + b.id() + "\",\"userIds\":[]}").status()).isEqualTo(400);
        assertThat(api.post(path, a.token(), "{\"userIds\":{}}").status()).isEqualTo(400);
        String direct = api.post("/v1/conversations", a.token(), "{\"kind\":\"direct\",\"members\":[\"" + b.id() + "\"]}")
                .json().path("conversationId").asText();
        assertThat(api.post("/v1/conversations/" + direct + "/members", a.token(),
                "{\"userId\":\"" + outsider.id() + "\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/conversations/" + UUID.randomUUID() + "/members", a.token(),
                "{\"userId\":\"" + b.id() + "\"}").status()).isEqualTo(404);
    }

    @Test
    void membersLeaveAndTheCreatorRemoves() {
        U creator = user();
        U b = user();
        U c = user();
        String id = group(creator, "g", b.id(), c.id()).json().path("conversationId").asText();
        String members = "/v1/conversations/" + id + "/members/";
        Api.Response notCreator = api.delete(members + c.id(), b.token());
        assertThat(notCreator.status()).isEqualTo(403);
        assertThat(notCreator.errorCode()).isEqualTo("forbidden");
        assertThat(api.delete(members + b.id(), b.token()).status()).isEqualTo(204);
        assertThat(api.get("/v1/conversations/" + id, b.token()).status()).isEqualTo(404);
        assertThat(api.delete(members + c.id(), b.token()).status()).isEqualTo(404);
        assertThat(api.delete(members + c.id(), creator.token()).status()).isEqualTo(204);
        assertThat(api.delete(members + c.id(), creator.token()).status()).isEqualTo(204);
        assertThat(api.delete(members + "nobody", creator.token()).status()).isEqualTo(204);
        List<ConversationMembers> out = outbox(id);
        assertThat(out).hasSize(3);
        assertThat(out.getLast().members()).containsExactly(creator.id());
    }
}
