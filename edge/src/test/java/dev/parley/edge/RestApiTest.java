package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestApiTest {
    private final EdgeHarness edge = new EdgeHarness();
    private String alice;

    @BeforeEach
    void data() {
        alice = edge.token("alice");
        edge.history.conversation("big", "group", "Big", "alice", "bob");
        edge.history.messages("big", 2500, EdgeHarness.T0);
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    private JsonNode json(HttpResponse<String> res) {
        return Json.read(res.body(), JsonNode.class);
    }

    /** The seqs of a page and its hasMore flag. */
    private record Page(List<Long> seqs, boolean hasMore) {
    }

    private Page page(String query) throws Exception {
        HttpResponse<String> res = edge.get("/v1/conversations/big/messages" + query, alice);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = json(res);
        List<Long> seqs = new ArrayList<>();
        body.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return new Page(seqs, body.path("hasMore").asBoolean());
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        List<Long> out = new ArrayList<>();
        for (long s = fromInclusive; s <= toInclusive; s++) {
            out.add(s);
        }
        return out;
    }

    @Test
    void withoutBoundsReturnsTheLatestPageAscending() throws Exception {
        assertThat(page("")).isEqualTo(new Page(range(2451, 2500), true));
        assertThat(page("?limit=200")).isEqualTo(new Page(range(2301, 2500), true));
    }

    @Test
    void afterWalksForwardAcrossBucketBoundaries() throws Exception {
        assertThat(page("?after=990&limit=20")).isEqualTo(new Page(range(991, 1010), true));
        assertThat(page("?after=0&limit=200")).isEqualTo(new Page(range(1, 200), true));
        assertThat(page("?after=1899&limit=200")).isEqualTo(new Page(range(1900, 2099), true));
        assertThat(page("?after=2490&limit=10")).isEqualTo(new Page(range(2491, 2500), false));
        assertThat(page("?after=2500")).isEqualTo(new Page(List.of(), false));
        assertThat(page("?after=99999")).isEqualTo(new Page(List.of(), false));
    }

    @Test
    void beforeWalksBackwardAcrossBucketBoundaries() throws Exception {
        assertThat(page("?before=1005&limit=10")).isEqualTo(new Page(range(995, 1004), true));
        assertThat(page("?before=2001&limit=200")).isEqualTo(new Page(range(1801, 2000), true));
        assertThat(page("?before=3&limit=10")).isEqualTo(new Page(range(1, 2), false));
        assertThat(page("?before=1")).isEqualTo(new Page(List.of(), false));
        assertThat(page("?before=99999&limit=5")).isEqualTo(new Page(range(2496, 2500), true));
    }

    @Test
    void afterAndBeforeTogetherBoundBothEnds() throws Exception {
        assertThat(page("?after=995&before=1003")).isEqualTo(new Page(range(996, 1002), false));
        assertThat(page("?after=995&before=1003&limit=3")).isEqualTo(new Page(range(996, 998), true));
        assertThat(page("?after=10&before=11")).isEqualTo(new Page(List.of(), false));
    }

    @Test
    void messagesHaveTheContractShape() throws Exception {
        JsonNode m = json(edge.get("/v1/conversations/big/messages?after=0&limit=1", alice)).path("messages").get(0);
        assertThat(m.path("conversationId").asText()).isEqualTo("big");
        assertThat(m.path("seq").asLong()).isEqualTo(1);
        assertThat(m.path("messageId").asText()).isEqualTo("m-big-1");
        assertThat(m.path("senderId").asText()).isEqualTo("alice");
        assertThat(m.path("clientMsgId").asText()).isEqualTo("c1");
        assertThat(m.path("body").asText()).isEqualTo("body 1");
        assertThat(m.path("sentAt").asText()).isEqualTo("2030-01-01T00:00:01Z");
    }

    @Test
    void refusesNonMembersUnknownConversationsAndBadParameters() throws Exception {
        edge.history.conversation("secret", "direct", null, "bob", "carol");
        for (String path : List.of("/v1/conversations/secret/messages", "/v1/conversations/nope/messages")) {
            HttpResponse<String> res = edge.get(path, alice);
            assertThat(res.statusCode()).isEqualTo(404);
            assertThat(json(res).path("error").path("code").asText()).isEqualTo("not_found");
        }
        for (String q : List.of("?limit=0", "?limit=201", "?limit=x", "?after=-1", "?before=abc")) {
            HttpResponse<String> res = edge.get("/v1/conversations/big/messages" + q, alice);
            assertThat(res.statusCode()).as(q).isEqualTo(400);
            assertThat(json(res).path("error").path("code").asText()).isEqualTo("invalid_request");
        }
        HttpResponse<String> anonymous = edge.get("/v1/conversations/big/messages", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).path("error").path("code").asText()).isEqualTo("unauthorized");
        assertThat(edge.get("/v1/conversations/big/messages", "forged").statusCode()).isEqualTo(401);
    }

    @Test
    void listsTheCallersConversationsMostRecentFirst() throws Exception {
        edge.history.conversation("quiet", "group", "Quiet", "alice");
        edge.history.conversation("dm", "direct", null, "alice", "bob");
        edge.history.messages("dm", 3, EdgeHarness.T0.plusSeconds(10_000)); // newer than big's last
        edge.history.conversation("other", "direct", null, "bob", "carol");
        edge.history.read("alice", "big", 2400);
        edge.history.read("alice", "dm", 3);

        JsonNode list = json(edge.get("/v1/conversations", alice));
        assertThat(list).hasSize(3);
        assertThat(list.get(0).path("conversationId").asText()).isEqualTo("dm");
        assertThat(list.get(0).path("kind").asText()).isEqualTo("direct");
        assertThat(list.get(0).has("title")).isTrue();
        assertThat(list.get(0).path("title").isNull()).isTrue();
        assertThat(list.get(0).path("unread").asLong()).isZero();
        assertThat(list.get(0).path("lastMessage").path("seq").asLong()).isEqualTo(3);
        JsonNode big = list.get(1);
        assertThat(big.path("conversationId").asText()).isEqualTo("big");
        assertThat(big.path("lastSeq").asLong()).isEqualTo(2500);
        assertThat(big.path("readSeq").asLong()).isEqualTo(2400);
        assertThat(big.path("unread").asLong()).isEqualTo(100);
        JsonNode quiet = list.get(2);
        assertThat(quiet.path("conversationId").asText()).isEqualTo("quiet");
        assertThat(quiet.path("lastSeq").asLong()).isZero();
        assertThat(quiet.has("lastMessage")).isTrue();
        assertThat(quiet.path("lastMessage").isNull()).isTrue();
    }

    @Test
    void presenceAnswersOnlineOrOfflinePerUser() throws Exception {
        for (String peer : List.of("bob", "carol")) {
            edge.history.conversation("alice-" + peer, "direct", null, "alice", peer);
            edge.history.read(peer, "alice-" + peer, 1);
        }
        edge.presence.vouch("bob", EdgeHarness.T0.toEpochMilli() + 1000);
        edge.presence.vouch("carol", EdgeHarness.T0.toEpochMilli() - 1);
        JsonNode body = json(edge.get("/v1/presence?userIds=bob,carol,dave", alice));
        assertThat(body.path("bob").asText()).isEqualTo("online");
        assertThat(body.path("carol").asText()).isEqualTo("offline");
        assertThat(body.path("dave").asText()).isEqualTo("offline");
        assertThat(edge.get("/v1/presence", alice).statusCode()).isEqualTo(400);
        assertThat(edge.get("/v1/presence?userIds=bob", null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesMalformedIdsAmbiguousNumbersAndTooManyPresenceIds() throws Exception {
        List<String> bad = List.of(
                "/v1/conversations/big%00/messages", "/v1/conversations/a%0Ab/messages",
                "/v1/conversations/a%E2%80%AEb/messages", "/v1/conversations/" + "k".repeat(129) + "/messages",
                "/v1/conversations/big/messages?after=%2B5", "/v1/conversations/big/messages?after=1&after=2",
                "/v1/conversations/big/messages?limit=%2010", "/v1/conversations/big/messages?before=99999999999999999999",
                "/v1/presence?userIds=bob%00", "/v1/presence?userIds=a%E2%80%8Fb", "/v1/presence?userIds=a&userIds=b",
                "/v1/presence?userIds=" + String.join(",", java.util.stream.IntStream.range(0, 201)
                        .mapToObj(i -> "u" + i).toList()));
        for (String path : bad) {
            HttpResponse<String> res = edge.get(path, alice);
            assertThat(res.statusCode()).as(path).isEqualTo(400);
            assertThat(json(res).path("error").path("code").asText()).as(path).isEqualTo("invalid_request");
        }
        String twoHundred = String.join(",", java.util.stream.IntStream.range(0, 200).mapToObj(i -> "u" + i).toList());
        assertThat(edge.get("/v1/presence?userIds=" + twoHundred + ",u0", alice).statusCode()).isEqualTo(200);
    }

    @Test
    void presenceIsShownOnlyByThoseWhoTookPartInADirectConversationWithTheCaller() throws Exception {
        edge.presence.vouch("erin", EdgeHarness.T0.toEpochMilli() + 1000);
        assertThat(json(edge.get("/v1/presence?userIds=erin", alice)).path("erin").asText()).isEqualTo("offline");
        // Anyone may put anyone into a group: that shows nothing.
        edge.history.conversation("trap", "group", "Trap", "alice", "erin");
        edge.history.read("erin", "trap", 1);
        assertThat(json(edge.get("/v1/presence?userIds=erin", alice)).path("erin").asText()).isEqualTo("offline");
        // Anyone may open a direct conversation with anyone: that shows nothing until erin takes part.
        edge.history.conversation("alice-erin", "direct", null, "alice", "erin");
        assertThat(json(edge.get("/v1/presence?userIds=erin", alice)).path("erin").asText()).isEqualTo("offline");
        edge.history.read("erin", "alice-erin", 1);
        assertThat(json(edge.get("/v1/presence?userIds=erin", alice)).path("erin").asText()).isEqualTo("online");
    }

    @Test
    void historyNeverShowsPastTheStoredStateSoACatchUpCannotSkipASeqStillBeingWritten() throws Exception {
        // big has 2,500 messages; the sinks are writing 2,501..3,001, and 3,000 and 3,001 (the next
        // bucket's partition, written side by side with this one's) landed first
        edge.history.messageRowOnly("big", 3000, EdgeHarness.T0);
        edge.history.messageRowOnly("big", 3001, EdgeHarness.T0);
        JsonNode page = json(edge.get("/v1/conversations/big/messages?after=2498", alice));
        assertThat(page.path("messages")).extracting(m -> m.path("seq").asLong()).containsExactly(2499L, 2500L);
        assertThat(page.path("hasMore").asBoolean()).isFalse();
        JsonNode latest = json(edge.get("/v1/conversations/big/messages?limit=1", alice));
        assertThat(latest.path("messages").get(0).path("seq").asLong()).isEqualTo(2500L);
    }

    @Test
    void healthAndUnknownPaths() throws Exception {
        HttpResponse<String> health = edge.get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> unknown = edge.get("/v2/whatever", alice);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("code").asText()).isEqualTo("not_found");
    }
}
