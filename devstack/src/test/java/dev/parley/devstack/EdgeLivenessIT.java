package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.RawWebSocket;
import dev.parley.testkit.client.TestUser;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edge's real-time side on an edge of its own with small timeouts, added to the shared stack
 * (a whole stack of its own cost CI a Kafka, a Cassandra and four services more): presence frames
 * and {@code GET /v1/presence} as sockets come, vanish and die with their edge; a slow client
 * closed without slowing another; the SIGTERM drain. Every socket that must outlive the 3 s idle
 * timeout sends WebSocket pings, as a real client would.
 */
class EdgeLivenessIT {
    static final Duration IDLE = Duration.ofSeconds(3);
    static final Duration TTL = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    private static LocalStack stack;
    private static Instance edge;
    private static ParleyClient client;

    @BeforeAll
    static void startEdge() {
        stack = SharedStack.get();
        edge = stack.addInstance("edge", Map.of(
                "edge.idle-timeout", IDLE.toSeconds() + "s",
                "edge.presence-ttl", TTL.toSeconds() + "s",
                // small enough that a client that stops reading overflows it soon after its TCP buffers
                // fill; large enough for the paced sender and the fast reader (at most ~20 queued)
                "edge.session-queue", "128",
                // the slow-consumer test floods one conversation from one sender
                "edge.limits.send-rate", "5000",
                "edge.limits.send-burst", "5000"));
        client = new ParleyClient(stack.authUrl(), edge.httpUrl(), edge.wsUrl());
    }

    @AfterAll
    static void stopEdge() {
        if (edge != null) {
            stack.stopService(edge.name());
        }
    }

    @Test
    void aPeerSeesOnlineThenOfflineWhenTheSocketVanishesWithoutAClose() {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        awaitDirectProjected(alice, direct);
        client.takePart(alice, direct); // presence is shown only where one took part
        try (RawWebSocket b = connect(bob)) {
            RawWebSocket a = connect(alice);
            b.await(presence(alice, "online"), WAIT);
            await().atMost(WAIT).until(() -> "online".equals(presenceOf(bob, alice)));

            // (takePart's own short connection may have announced an earlier "offline": look past it)
            int mark = b.count();
            long vanished = System.nanoTime();
            a.abort(); // no close frame, no more pings
            RawWebSocket.Received offline = b.awaitFrom(mark, presence(alice, "offline"), WAIT);
            System.out.printf("MEASURED presence offline frame %d ms after the socket vanished (idle timeout %s)%n",
                    TimeUnit.NANOSECONDS.toMillis(offline.nanos() - vanished), IDLE);
            assertThat(presenceOf(bob, alice)).isEqualTo("offline");
        }
    }

    @Test
    void aSlowClientIsClosedWithoutSlowingAnotherAndCatchesUpFromHistory() throws Exception {
        TestUser sender = client.newUser("sender");
        TestUser slow = client.newUser("slow");
        TestUser fast = client.newUser("fast");
        String group = client.group(sender, "flood", List.of(slow, fast));
        client.takePart(slow, client.direct(sender, slow)); // so the sender may see slow's presence
        String body = "b".repeat(4000);
        try (RawWebSocket s = connect(sender); RawWebSocket f = connect(fast);
             RawWebSocket stuck = RawWebSocket.open(edge.wsUrl(), bearer(slow), false)) {
            stuck.keepAlive(KEEP_ALIVE); // it is alive, it just does not read
            sendUntilAcked(s, "m-0", group, body);
            await().atMost(WAIT).until(() -> "online".equals(presenceOf(sender, slow)));

            Map<String, Long> sentAt = new HashMap<>();
            int sent = 1;
            while ("online".equals(presenceOf(sender, slow))) {
                assertThat(sent).as("the slow client was never closed").isLessThan(5000);
                assertThat(s.closed()).as("the sender's session").isNotDone();
                assertThat(f.closed()).as("the fast reader's session").isNotDone();
                for (int i = 0; i < 10; i++, sent++) {
                    sentAt.put("m-" + sent, System.nanoTime());
                    s.sendText(send("m-" + sent, group, body));
                }
                String last = "m-" + (sent - 1);
                s.await(x -> "ack".equals(x.path("type").asText()) && last.equals(x.path("clientMsgId").asText()),
                        WAIT);
            }
            int total = sent; // m-0 … m-(total-1), seq 1 … total
            System.out.printf("MEASURED slow consumer closed after %d messages of 4,000 chars (queue 128)%n", total);

            f.await(x -> isMessage(x) && x.path("seq").asLong() == total, WAIT);
            List<Long> fastSeqs = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            for (RawWebSocket.Received r : f.received()) {
                if (isMessage(r.frame())) {
                    fastSeqs.add(r.frame().path("seq").asLong());
                    Long t = sentAt.get(r.frame().path("clientMsgId").asText());
                    if (t != null) {
                        latencies.add(TimeUnit.NANOSECONDS.toMillis(r.nanos() - t));
                    }
                }
            }
            assertThat(fastSeqs).as("the fast client got every message, in order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            latencies.sort(null);
            System.out.printf("MEASURED fast client send-to-receive ms: p50 %d, p99 %d, max %d (n=%d)%n",
                    latencies.get(latencies.size() / 2), latencies.get(latencies.size() * 99 / 100),
                    latencies.getLast(), latencies.size());

            stuck.startReading();
            try {
                stuck.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // the edge broke off a send stuck on the full socket: no close frame, just the end
            }
            long lastSeen = stuck.received().stream().map(RawWebSocket.Received::frame).filter(EdgeLivenessIT::isMessage)
                    .mapToLong(x -> x.path("seq").asLong()).max().orElse(0);
            assertThat(lastSeen).as("the slow client missed messages").isLessThan(total);
            assertThat(Files.readString(stack.serviceLog(edge.name())))
                    .contains("of " + slow.userId() + " is a slow consumer, closing");

            long from = lastSeen;
            await().atMost(WAIT).untilAsserted(() -> assertThat(historyAfter(slow, group, from))
                    .as("it catches up from history after seq " + from)
                    .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, total).boxed().toList()));
        }
    }

    @Test
    void sigtermClosesSocketsWith1001AndClientsCatchUpAfterReconnecting() throws Exception {
        TestUser carol = client.newUser("carol");
        TestUser dave = client.newUser("dave");
        String conversation = client.direct(carol, dave);
        RawWebSocket c = connect(carol);
        RawWebSocket d = connect(dave);
        sendUntilAcked(c, "before", conversation, "before the drain");
        d.await(x -> isMessage(x) && x.path("seq").asLong() == 1, WAIT);

        stack.stopService(edge.name());
        assertThat(c.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(d.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
        c.abort();
        d.abort();
        stack.startService(edge.name());

        try (RawWebSocket c2 = connect(carol)) {
            sendUntilAcked(c2, "after-1", conversation, "while dave reconnects");
            sendUntilAcked(c2, "after-2", conversation, "still away");
        }
        try (RawWebSocket d2 = connect(dave)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(historyAfter(dave, conversation, 1))
                    .containsExactly(2L, 3L));
        }
    }

    @Test
    void theUsersOfAKilledEdgeTurnOfflineByThemselves() throws Exception {
        TestUser erin = client.newUser("erin");
        TestUser frank = client.newUser("frank");
        String direct = client.direct(frank, erin);
        awaitDirectProjected(frank, direct);
        client.takePart(erin, direct); // presence is shown only to peers of a direct conversation one took part in
        RawWebSocket e = connect(erin);
        await().atMost(WAIT).until(() -> "online".equals(presenceOf(frank, erin)));

        long killed = System.nanoTime();
        stack.killService(edge.name()); // SIGKILL: no drain, erin's presence stays in Redis
        e.abort();
        stack.startService(edge.name()); // same node id; it does not vouch for erin any more
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> "offline".equals(presenceOf(frank, erin)));
        System.out.printf("MEASURED a killed edge's user offline %d ms after the kill (presence-ttl %s)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), TTL);
    }

    private static RawWebSocket connect(TestUser user) {
        RawWebSocket ws = RawWebSocket.open(edge.wsUrl(), bearer(user), true);
        ws.keepAlive(KEEP_ALIVE);
        ws.await(x -> "ready".equals(x.path("type").asText()), WAIT);
        return ws;
    }

    private static Map<String, String> bearer(TestUser user) {
        return Map.of("Authorization", "Bearer " + user.accessToken());
    }

    private static java.util.function.Predicate<JsonNode> presence(TestUser who, String status) {
        return x -> "presence".equals(x.path("type").asText()) && who.userId().equals(x.path("userId").asText())
                && status.equals(x.path("status").asText());
    }

    private static boolean isMessage(JsonNode frame) {
        return "message".equals(frame.path("type").asText());
    }

    private static String presenceOf(TestUser asker, TestUser who) {
        return client.edge().get("/v1/presence?userIds=" + who.userId(), asker.accessToken()).expect(200).json()
                .path(who.userId()).asText();
    }

    /** The edge finds direct peers in the CQL projection: wait until the conversation is there. */
    private static void awaitDirectProjected(TestUser user, String conversation) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResult r = client.edge().get("/v1/conversations", user.accessToken());
            if (r.status() != 200) {
                return false;
            }
            for (JsonNode c : r.json()) {
                if (conversation.equals(c.path("conversationId").asText()) && "direct".equals(c.path("kind").asText())) {
                    return true;
                }
            }
            return false;
        });
    }

    private static String send(String clientMsgId, String conversation, String body) {
        return Json.mapper().createObjectNode().put("type", "send").put("clientMsgId", clientMsgId)
                .put("conversationId", conversation).put("body", body).toString();
    }

    /** Sends until acked, retrying not_member while a new membership reaches the pipeline. */
    private static JsonNode sendUntilAcked(RawWebSocket ws, String clientMsgId, String conversation, String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            int mark = ws.count();
            ws.sendText(send(clientMsgId, conversation, body));
            JsonNode reply = ws.awaitFrom(mark, x -> clientMsgId.equals(x.path("clientMsgId").asText())
                    && ("ack".equals(x.path("type").asText()) || "error".equals(x.path("type").asText())), WAIT).frame();
            if ("ack".equals(reply.path("type").asText())) {
                return reply;
            }
            assertThat(reply.path("code").asText()).as(reply.toString()).isEqualTo("not_member");
            assertThat(System.nanoTime()).as("membership took effect (contract: 2 s; 5 s for a cold start)")
                    .isLessThan(deadline);
            await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        }
    }

    /** Every seq after {@code after}, paging through history as a reconnecting client does. */
    private static List<Long> historyAfter(TestUser user, String conversation, long after) {
        List<Long> seqs = new ArrayList<>();
        long from = after;
        while (true) {
            JsonNode page = client.history(user, conversation, from, null, 200).expect(200).json();
            page.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
            if (!page.path("hasMore").asBoolean() || page.path("messages").isEmpty()) {
                return seqs;
            }
            from = seqs.getLast();
        }
    }
}
