package dev.parley.devstack;

import static dev.parley.testkit.client.Frames.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.Frames;
import dev.parley.testkit.client.HistoryWalk;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/conversations/{id}/messages} through the real path (log → sinks → CQL → edge):
 * the latest page by default, exclusive {@code after}/{@code before} bounds, {@code limit} 1–200,
 * {@code hasMore} at both ends, members only, and the contract's error codes.
 */
class HistoryPaginationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int COUNT = 60;
    private static ParleyClient client;
    private static TestUser alice;
    private static TestUser bob;
    private static String conversation;
    private static List<JsonNode> acks;

    @BeforeAll
    static void sixtyMessages() {
        SharedStack.get();
        client = SharedStack.client();
        alice = client.newUser("alice");
        bob = client.newUser("bob");
        conversation = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice)) {
            acks = Sending.sendMany(a, conversation, "p", COUNT);
        }
        HistoryWalk.awaitThrough(client, bob, conversation, 0, COUNT, WAIT);
    }

    @Test
    void withoutBoundsTheLatestLimitAscending() {
        JsonNode page = page(null, null, null);
        assertThat(seqs(page)).isEqualTo(range(COUNT - 49, COUNT)); // default limit 50
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        JsonNode small = page(null, null, 10);
        assertThat(seqs(small)).isEqualTo(range(51, 60));
        assertThat(small.path("hasMore").asBoolean()).isTrue();
        JsonNode everything = page(null, null, 200);
        assertThat(seqs(everything)).isEqualTo(range(1, 60));
        assertThat(everything.path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void everyMessageIsTheAckedOne() {
        List<JsonNode> all = Frames.messages(page(0L, null, 200));
        assertThat(all).hasSize(COUNT);
        for (int i = 0; i < COUNT; i++) {
            JsonNode m = all.get(i);
            assertThat(m.path("conversationId").asText()).isEqualTo(conversation);
            assertThat(m.path("messageId").asText()).isEqualTo(acks.get(i).path("messageId").asText());
            assertThat(m.path("sentAt").asText()).isEqualTo(acks.get(i).path("sentAt").asText());
            assertThat(m.path("senderId").asText()).isEqualTo(alice.userId());
            assertThat(m.path("clientMsgId").asText()).isEqualTo("p-" + (i + 1));
            assertThat(m.path("body").asText()).isEqualTo("p message " + (i + 1));
        }
    }

    @Test
    void afterIsAnExclusiveLowerBoundWithHasMoreAtTheNewestEnd() {
        assertPage(page(0L, null, 10), range(1, 10), true);
        assertPage(page(10L, null, 10), range(11, 20), true);
        assertPage(page(50L, null, 10), range(51, 60), false); // exactly the rest: nothing more
        assertPage(page(55L, null, 10), range(56, 60), false);
        assertPage(page(59L, null, 1), List.of(60L), false);
        assertPage(page(58L, null, 1), List.of(59L), true);
        assertPage(page(60L, null, 10), List.of(), false);
        assertPage(page(1000L, null, 10), List.of(), false);
    }

    @Test
    void beforeIsAnExclusiveUpperBoundWithHasMoreAtTheOldestEnd() {
        assertPage(page(null, 61L, 10), range(51, 60), true);
        assertPage(page(null, 51L, 10), range(41, 50), true);
        assertPage(page(null, 11L, 10), range(1, 10), false); // exactly the rest: nothing older
        assertPage(page(null, 6L, 10), range(1, 5), false);
        assertPage(page(null, 2L, 1), List.of(1L), false);
        assertPage(page(null, 3L, 1), List.of(2L), true);
        assertPage(page(null, 1L, 10), List.of(), false);
        assertPage(page(null, 5000L, 3), range(58, 60), true);
    }

    @Test
    void afterAndBeforeTogetherBoundBothEnds() {
        assertPage(page(5L, 10L, null), range(6, 9), false);
        assertPage(page(5L, 10L, 2), range(6, 7), true);
        assertPage(page(5L, 6L, 10), List.of(), false);
        assertPage(page(10L, 5L, 10), List.of(), false);
    }

    @Test
    void limitOutsideOneToTwoHundredOrNotANumberIsInvalidRequest() {
        for (String query : List.of("limit=0", "limit=201", "limit=abc", "limit=-1", "limit=1.5", "after=x",
                "before=-1", "after=-3", "before=1e3")) {
            HttpResult r = client.edge().get("/v1/conversations/" + conversation + "/messages?" + query,
                    bob.accessToken());
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.errorCode()).as(query).isEqualTo("invalid_request");
            assertThat(r.body()).as(query).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(page(null, null, 1).path("messages")).hasSize(1);
        assertThat(page(null, null, 200).path("messages")).hasSize(COUNT);
    }

    @Test
    void historyIsForMembersOnly() {
        TestUser eve = client.newUser("eve");
        HttpResult outsider = client.history(eve, conversation, null, null, null);
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.errorCode()).isEqualTo("not_found");
        HttpResult unknown = client.history(bob, "no-such-conversation", null, null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
        // The same answer as a conversation that does not exist: membership is not revealed.
        assertThat(outsider.json().path("error").path("message").asText())
                .isEqualTo(unknown.json().path("error").path("message").asText());
        HttpResult anonymous = client.edge().get("/v1/conversations/" + conversation + "/messages", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("unauthorized");
        assertThat(client.edge().get("/v1/conversations", "not-a-token").status()).isEqualTo(401);
        // The outsider's own list does not show it either.
        assertThat(HistoryWalk.entry(HistoryWalk.conversations(client, eve), conversation)).isNull();
    }

    private static JsonNode page(Long after, Long before, Integer limit) {
        return client.history(bob, conversation, after, before, limit).expect(200).json();
    }

    private static List<Long> seqs(JsonNode page) {
        return Frames.seqs(Frames.messages(page));
    }

    private static void assertPage(JsonNode page, List<Long> expected, boolean hasMore) {
        assertThat(seqs(page)).as(page.toString()).isEqualTo(expected);
        assertThat(page.path("hasMore").asBoolean()).as("hasMore of " + expected).isEqualTo(hasMore);
    }
}
