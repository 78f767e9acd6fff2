package dev.parley.auth;

import static dev.parley.auth.AccountsIT.credentials;
import static dev.parley.auth.AccountsIT.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.json.Json;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyHttp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every row of the contract's "Conversations" table and its error codes over real HTTP, on real
 * PostgreSQL: what is answered, what is stored, and that every membership change wrote exactly
 * one outbox snapshot in its transaction (and a refused one wrote nothing).
 */
class ConversationsIT {
    private static AuthUnderTest auth;
    private static ParleyHttp http;

    @BeforeAll
    static void start() {
        auth = AuthUnderTest.start(AuthUnderTest.newSchema(), AuthUnderTest.newKeysDir());
        http = auth.http();
    }

    @AfterAll
    static void stop() {
        if (auth != null) {
            auth.close();
        }
    }

    record U(String id, String token) {
    }

    static U user(ParleyHttp http) {
        String name = unique("u");
        http.post("/v1/auth/register", null, credentials(name, "correct-horse")).expect(201);
        JsonNode login = http.post("/v1/auth/login", null, credentials(name, "correct-horse")).expect(200).json();
        return new U(login.path("userId").asText(), login.path("accessToken").asText());
    }

    static String directBody(String other) {
        ObjectNode b = Json.mapper().createObjectNode().put("kind", "direct");
        b.putArray("members").add(other);
        return AccountsIT.ascii(b.toString());
    }

    static String groupBody(String title, List<String> members) {
        ObjectNode b = Json.mapper().createObjectNode().put("kind", "group").put("title", title);
        ArrayNode m = b.putArray("members");
        members.forEach(m::add);
        return AccountsIT.ascii(b.toString());
    }

    static String userIds(List<String> ids) {
        ObjectNode b = Json.mapper().createObjectNode();
        ArrayNode m = b.putArray("userIds");
        ids.forEach(m::add);
        return AccountsIT.ascii(b.toString());
    }

    static String userId(String id) {
        return AccountsIT.ascii(Json.mapper().createObjectNode().put("userId", id).toString());
    }

    static List<String> members(JsonNode conversation) {
        List<String> out = new ArrayList<>();
        conversation.path("members").forEach(m -> out.add(m.asText()));
        return out;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** The outbox snapshots of a conversation, in version order. */
    static List<ConversationMembers> outbox(AuthUnderTest auth, String conversationId) throws Exception {
        List<ConversationMembers> out = new ArrayList<>();
        try (Connection c = auth.db(); PreparedStatement ps = c.prepareStatement(
                "SELECT payload::text FROM outbox WHERE conversation_id = ?::uuid ORDER BY id")) {
            ps.setString(1, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.read(rs.getString(1), ConversationMembers.class));
                }
            }
        }
        return out;
    }

    /** The members as the database holds them, in join order. */
    static List<String> storedMembers(AuthUnderTest auth, String conversationId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = auth.db(); PreparedStatement ps = c.prepareStatement(
                "SELECT user_id FROM conversation_members WHERE conversation_id = ?::uuid ORDER BY joined_seq")) {
            ps.setString(1, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void assertError(HttpResult r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.body()).isEqualTo(code);
        assertThat(fields(r.json())).containsExactly("error");
        assertThat(fields(r.json().path("error"))).containsExactlyInAnyOrder("code", "message");
    }

    @Test
    void aDirectConversationIsUniquePerPairInEitherOrder() throws Exception {
        U a = user(http);
        U b = user(http);
        HttpResult first = http.post("/v1/conversations", a.token(), directBody(b.id())).expect(201);
        JsonNode c = first.json();
        assertThat(fields(c)).containsExactlyInAnyOrder("conversationId", "kind", "title", "members", "createdAt");
        assertThat(c.path("kind").asText()).isEqualTo("direct");
        assertThat(c.path("title").isNull()).isTrue();
        assertThat(members(c)).containsExactly(a.id(), b.id());
        Instant createdAt = Instant.parse(c.path("createdAt").asText());
        String id = c.path("conversationId").asText();

        HttpResult again = http.post("/v1/conversations", a.token(), directBody(b.id())).expect(200);
        HttpResult reverse = http.post("/v1/conversations", b.token(), directBody(a.id())).expect(200);
        assertThat(again.json()).isEqualTo(c);
        assertThat(reverse.json().path("conversationId").asText()).isEqualTo(id);
        assertThat(Instant.parse(reverse.json().path("createdAt").asText())).isEqualTo(createdAt);
        assertThat(http.get("/v1/conversations/" + id, b.token()).expect(200).json()).isEqualTo(c);

        List<ConversationMembers> snapshots = outbox(auth, id);
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.getFirst().members()).containsExactly(a.id(), b.id());
        assertThat(snapshots.getFirst().kind()).isEqualTo("direct");
    }

    @Test
    void concurrentCreationsOfOneDirectPairMakeOneConversation() throws Exception {
        U a = user(http);
        U b = user(http);
        List<Future<HttpResult>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                boolean fromA = i % 2 == 0;
                answers.add(pool.submit(() -> fromA
                        ? http.post("/v1/conversations", a.token(), directBody(b.id()))
                        : http.post("/v1/conversations", b.token(), directBody(a.id()))));
            }
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<HttpResult> f : answers) {
            HttpResult r = f.get();
            assertThat(r.status()).as(r.body()).isIn(200, 201);
            created += r.status() == 201 ? 1 : 0;
            ids.add(r.json().path("conversationId").asText());
        }
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        String id = ids.iterator().next();
        assertThat(auth.number("SELECT count(*) FROM conversations WHERE direct_key LIKE '%" + a.id() + "%'"))
                .isEqualTo(1);
        assertThat(outbox(auth, id)).hasSize(1);
    }

    @Test
    void directRequestsThatCannotBeServedAreRefusedAndWriteNothing() {
        U a = user(http);
        U b = user(http);
        long conversations = auth.number("SELECT count(*) FROM conversations");
        long outbox = auth.number("SELECT count(*) FROM outbox");
        assertError(http.post("/v1/conversations", a.token(), directBody(a.id())), 400, "invalid_request");
        assertError(http.post("/v1/conversations", a.token(), "{\"kind\":\"direct\",\"members\":[]}"), 400,
                "invalid_request");
        assertError(http.post("/v1/conversations", a.token(), "{\"kind\":\"direct\"}"), 400, "invalid_request");
        assertError(http.post("/v1/conversations", a.token(),
                "{\"kind\":\"direct\",\"members\":[\"" + b.id() + "\",\"" + UUID.randomUUID() + "\"]}"), 400,
                "invalid_request");
        assertError(http.post("/v1/conversations", a.token(), directBody(UUID.randomUUID().toString())), 404,
                "not_found");
        for (String odd : new String[] {"'; drop table users; --", "\u0000", "\u202e" + b.id(),
                b.id().toUpperCase(), " " + b.id(), "x".repeat(20_000)}) {
            assertError(http.post("/v1/conversations", a.token(), directBody(odd)), 404, "not_found");
        }
        // Not well-formed Unicode: a malformed request, not an unknown user.
        assertError(http.post("/v1/conversations", a.token(), directBody("\ud800")), 400, "invalid_request");
        assertThat(auth.number("SELECT count(*) FROM conversations")).isEqualTo(conversations);
        assertThat(auth.number("SELECT count(*) FROM outbox")).isEqualTo(outbox);
        assertThat(auth.number("SELECT count(*) FROM users")).isPositive();
    }

    @Test
    void aGroupHasTheCallerFirstNoDuplicatesAndItsTitle() throws Exception {
        U a = user(http);
        U b = user(http);
        U c = user(http);
        String title = "'; drop table users; -- \u200fשלום\u200e 🚀";
        HttpResult r = http.post("/v1/conversations", a.token(),
                groupBody(title, List.of(b.id(), c.id(), b.id(), a.id()))).expect(201);
        JsonNode g = r.json();
        assertThat(fields(g)).containsExactlyInAnyOrder("conversationId", "kind", "title", "members", "createdAt");
        assertThat(g.path("kind").asText()).isEqualTo("group");
        assertThat(g.path("title").asText()).isEqualTo(title);
        assertThat(members(g)).containsExactly(a.id(), b.id(), c.id());
        String id = g.path("conversationId").asText();
        assertThat(http.get("/v1/conversations/" + id, c.token()).expect(200).json()).isEqualTo(g);
        assertThat(storedMembers(auth, id)).containsExactly(a.id(), b.id(), c.id());
        List<ConversationMembers> snapshots = outbox(auth, id);
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.getFirst().title()).isEqualTo(title);
        assertThat(snapshots.getFirst().members()).containsExactly(a.id(), b.id(), c.id());
        assertThat(snapshots.getFirst().version())
                .isEqualTo(auth.number("SELECT id FROM outbox WHERE conversation_id = '" + id + "'"));
        assertThat(auth.number("SELECT count(*) FROM users")).isPositive();

        // A group of one (just the caller) is fine too.
        assertThat(members(http.post("/v1/conversations", a.token(), "{\"kind\":\"group\",\"title\":\"me\"}")
                .expect(201).json())).containsExactly(a.id());
    }

    @Test
    void aGroupWithAnUnknownMemberOrABadTitleLeavesNothingBehind() {
        U a = user(http);
        U b = user(http);
        long conversations = auth.number("SELECT count(*) FROM conversations");
        long members = auth.number("SELECT count(*) FROM conversation_members");
        long outbox = auth.number("SELECT count(*) FROM outbox");
        assertError(http.post("/v1/conversations", a.token(),
                groupBody("t", List.of(b.id(), UUID.randomUUID().toString()))), 404, "not_found");
        assertError(http.post("/v1/conversations", a.token(), groupBody("t", List.of(b.id(), "not-an-id"))), 404,
                "not_found");
        for (String title : new String[] {"", "   ", "x".repeat(201), "nul\u0000", "bell\u0007", "lone\ud800",
                "\udc00", "x".repeat(60_000)}) {
            assertError(http.post("/v1/conversations", a.token(), groupBody(title, List.of(b.id()))), 400,
                    "invalid_request");
        }
        assertError(http.post("/v1/conversations", a.token(), "{\"kind\":\"group\",\"members\":[]}"), 400,
                "invalid_request");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        assertError(http.post("/v1/conversations", a.token(), groupBody("big", tooMany)), 400, "invalid_request");
        assertError(http.post("/v1/conversations", a.token(), "{\"kind\":\"channel\",\"title\":\"t\"}"), 400,
                "invalid_request");
        assertThat(auth.number("SELECT count(*) FROM conversations")).isEqualTo(conversations);
        assertThat(auth.number("SELECT count(*) FROM conversation_members")).isEqualTo(members);
        assertThat(auth.number("SELECT count(*) FROM outbox")).isEqualTo(outbox);
    }

    @Test
    void onlyMembersSeeAConversationAndOthersGetNotFound() {
        U a = user(http);
        U outsider = user(http);
        String id = http.post("/v1/conversations", a.token(), groupBody("secret", List.of())).expect(201).json()
                .path("conversationId").asText();
        assertError(http.get("/v1/conversations/" + id, outsider.token()), 404, "not_found");
        assertError(http.get("/v1/conversations/" + UUID.randomUUID(), a.token()), 404, "not_found");
        assertError(http.get("/v1/conversations/not-a-uuid", a.token()), 404, "not_found");
        assertError(http.get("/v1/conversations/%27%3B%20drop%20table%20conversations%3B%20--", a.token()), 404,
                "not_found");
        assertError(http.get("/v1/conversations/%00", a.token()), 404, "not_found");
        assertError(http.get("/v1/conversations/" + id.toUpperCase(), a.token()), 404, "not_found");
        http.get("/v1/conversations/" + id, a.token()).expect(200);
    }

    @Test
    void anyMemberAddsOneOrManyAndAddingTwiceIsHarmless() throws Exception {
        U a = user(http);
        U b = user(http);
        U c = user(http);
        U d = user(http);
        U e = user(http);
        String id = http.post("/v1/conversations", a.token(), groupBody("adds", List.of(b.id()))).expect(201).json()
                .path("conversationId").asText();
        String path = "/v1/conversations/" + id + "/members";
        HttpResult one = http.post(path, b.token(), userId(c.id()));
        assertThat(one.status()).isEqualTo(204);
        assertThat(one.body()).isEmpty();
        assertThat(http.post(path, c.token(), userIds(List.of(d.id(), e.id(), d.id()))).status()).isEqualTo(204);
        assertThat(http.post(path, a.token(), userIds(List.of(c.id(), d.id()))).status()).isEqualTo(204);
        assertThat(http.post(path, a.token(), userId(a.id())).status()).isEqualTo(204);

        List<String> expected = List.of(a.id(), b.id(), c.id(), d.id(), e.id());
        assertThat(members(http.get("/v1/conversations/" + id, e.token()).expect(200).json()))
                .containsExactlyElementsOf(expected);
        assertThat(storedMembers(auth, id)).containsExactlyElementsOf(expected);
        List<ConversationMembers> snapshots = outbox(auth, id);
        assertThat(snapshots).as("create + 2 real changes; the no-op adds wrote nothing").hasSize(3);
        assertThat(snapshots.getLast().members()).containsExactlyElementsOf(expected);
        assertThat(snapshots).extracting(ConversationMembers::version).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void addingIsRefusedToOutsidersInDirectsAndForUnknownUsersWritingNothing() throws Exception {
        U a = user(http);
        U b = user(http);
        U outsider = user(http);
        String id = http.post("/v1/conversations", a.token(), groupBody("g", List.of(b.id()))).expect(201).json()
                .path("conversationId").asText();
        String path = "/v1/conversations/" + id + "/members";
        long outbox = auth.number("SELECT count(*) FROM outbox");
        assertError(http.post(path, outsider.token(), userId(outsider.id())), 404, "not_found");
        assertError(http.post(path, a.token(), userIds(List.of(outsider.id(), UUID.randomUUID().toString()))), 404,
                "not_found");
        assertError(http.post(path, a.token(), userId("'; delete from conversation_members; --")), 404, "not_found");
        assertError(http.post(path, a.token(), "{}"), 400, "invalid_request");
        assertError(http.post(path, a.token(), "{\"userId\":\"" + b.id() + "\",\"userIds\":[]}"), 400,
                "invalid_request");
        assertError(http.post(path, a.token(), "{\"userIds\":{}}"), 400, "invalid_request");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(outsider.id());
        }
        assertError(http.post(path, a.token(), userIds(tooMany)), 400, "invalid_request");
        assertError(http.post("/v1/conversations/" + UUID.randomUUID() + "/members", a.token(), userId(b.id())), 404,
                "not_found");
        String direct = http.post("/v1/conversations", a.token(), directBody(b.id())).expect(201).json()
                .path("conversationId").asText();
        long afterDirect = auth.number("SELECT count(*) FROM outbox");
        assertThat(afterDirect).isEqualTo(outbox + 1);
        assertError(http.post("/v1/conversations/" + direct + "/members", a.token(), userId(outsider.id())), 400,
                "invalid_request");
        assertThat(storedMembers(auth, id)).containsExactly(a.id(), b.id());
        assertThat(storedMembers(auth, direct)).containsExactly(a.id(), b.id());
        assertThat(auth.number("SELECT count(*) FROM outbox")).isEqualTo(afterDirect);
    }

    @Test
    void membersLeaveTheCreatorRemovesAndOthersMayNot() throws Exception {
        U creator = user(http);
        U b = user(http);
        U c = user(http);
        String id = http.post("/v1/conversations", creator.token(), groupBody("g", List.of(b.id(), c.id())))
                .expect(201).json().path("conversationId").asText();
        String members = "/v1/conversations/" + id + "/members/";
        assertError(http.delete(members + c.id(), b.token()), 403, "forbidden");
        HttpResult leave = http.delete(members + b.id(), b.token());
        assertThat(leave.status()).isEqualTo(204);
        assertThat(leave.body()).isEmpty();
        assertError(http.get("/v1/conversations/" + id, b.token()), 404, "not_found");
        assertError(http.delete(members + c.id(), b.token()), 404, "not_found");
        assertThat(http.delete(members + c.id(), creator.token()).status()).isEqualTo(204);
        // Removing someone who is not (or no longer) a member changes nothing.
        assertThat(http.delete(members + c.id(), creator.token()).status()).isEqualTo(204);
        assertThat(http.delete(members + "%27%3B%20drop%20table%20users%3B%20--", creator.token()).status())
                .isEqualTo(204);
        assertError(http.delete("/v1/conversations/" + UUID.randomUUID() + "/members/" + c.id(), creator.token()),
                404, "not_found");
        assertThat(storedMembers(auth, id)).containsExactly(creator.id());
        List<ConversationMembers> snapshots = outbox(auth, id);
        assertThat(snapshots).hasSize(3);
        assertThat(snapshots.get(1).members()).containsExactly(creator.id(), c.id());
        assertThat(snapshots.getLast().members()).containsExactly(creator.id());
        assertThat(auth.number("SELECT count(*) FROM users")).isPositive();
    }

    @Test
    void everyConversationCallNeedsAValidUnexpiredToken() throws Exception {
        U a = user(http);
        String body = groupBody("t", List.of());
        // Signed with the service's own key, but expired an hour ago.
        KeyStore keys = KeyStore.loadOrCreate(auth.keysDir, Clock.systemUTC());
        String expired = new TokenIssuer(keys, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)),
                Duration.ofMinutes(15)).issue(a.id(), "x", "login-1").token();
        String foreign = new TokenIssuer(KeyStore.of(List.of(KeyStore.generate(Clock.systemUTC()))),
                Clock.systemUTC(), Duration.ofMinutes(15)).issue(a.id(), "x", "login-1").token();
        String tampered = a.token().substring(0, a.token().length() - 4) + "AAAA";
        for (String token : new String[] {null, "garbage", expired, foreign, tampered}) {
            assertError(http.post("/v1/conversations", token, body), 401, "unauthorized");
            assertError(http.get("/v1/conversations/" + UUID.randomUUID(), token), 401, "unauthorized");
            assertError(http.post("/v1/conversations/" + UUID.randomUUID() + "/members", token, userId(a.id())), 401,
                    "unauthorized");
            assertError(http.delete("/v1/conversations/" + UUID.randomUUID() + "/members/" + a.id(), token), 401,
                    "unauthorized");
        }
    }

    @Test
    void aGroupHoldsTenThousandMembersAndNotOneMore() throws Exception {
        U a = user(http);
        // 10,000 accounts written straight to the table: registering them over HTTP would only
        // measure Argon2.
        List<String> ids = new ArrayList<>();
        try (Connection c = auth.db(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (id, username, password_hash, created_at) VALUES (?::uuid, ?, 'x', now())")) {
            for (int i = 0; i < 10_000; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                ps.setString(1, id);
                ps.setString(2, "bulk_" + id.substring(0, 23));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        String id = http.post("/v1/conversations", a.token(), groupBody("big", ids.subList(0, 999))).expect(201)
                .json().path("conversationId").asText();
        String path = "/v1/conversations/" + id + "/members";
        for (int from = 999; from < 9_999; from += 1000) {
            assertThat(http.post(path, a.token(), userIds(ids.subList(from, from + 1000))).status()).isEqualTo(204);
        }
        assertThat(storedMembers(auth, id)).hasSize(10_000);
        assertError(http.post(path, a.token(), userId(ids.get(9_999))), 400, "invalid_request");
        assertThat(storedMembers(auth, id)).hasSize(10_000);
        List<ConversationMembers> snapshots = outbox(auth, id);
        assertThat(snapshots).hasSize(10);
        assertThat(snapshots.getLast().members()).hasSize(10_000);
        // The largest snapshots (about 380 KB) go through to Kafka too.
        await().atMost(Duration.ofSeconds(30)).until(() -> auth.number(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND conversation_id = '" + id + "'") == 0);
    }
}
