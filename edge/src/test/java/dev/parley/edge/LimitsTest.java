package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.event.Command;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.TypingCommand;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 9's limits on what a client can repeat, through the real web server. */
class LimitsTest {
    private final EdgeHarness edge = new EdgeHarness(Map.of("edge.limits.sockets-per-user", "3",
            "edge.limits.rest-rate", "2", "edge.limits.rest-burst", "4", "edge.limits.read-coalesce", "300ms"));
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        edge.close();
    }

    private WsClient open(String userId) throws Exception {
        WsClient c = edge.connect(userId);
        clients.add(c);
        assertThat(c.next().path("type").asText()).isEqualTo("ready");
        return c;
    }

    @Test
    void theNextSocketOverThePerUserLimitIsRefusedWith429BeforeTheUpgrade() throws Exception {
        for (int i = 0; i < 3; i++) {
            open("alice");
        }
        WebSocket.Builder b = edge.http.newWebSocketBuilder().header("Authorization", "Bearer " + edge.token("alice"));
        Throwable refused = null;
        try {
            b.buildAsync(edge.ws("/ws"), new WebSocket.Listener() { }).join().abort();
        } catch (CompletionException e) {
            refused = e.getCause();
        }
        assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
        HttpResponse<?> res = ((WebSocketHandshakeException) refused).getResponse();
        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> plain = edge.get("/ws", edge.token("alice"));
        assertThat(plain.statusCode()).isEqualTo(429);
        assertThat(plain.body()).contains("\"code\":\"rate_limited\"");
        assertThat(edge.services.hub().registry().size()).isEqualTo(3);
        open("bob"); // the limit is per user

        clients.getFirst().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.services.hub().registry().size() == 3);
        open("alice"); // a slot is free again
    }

    @Test
    void typingIsForwardedAtMostOncePerIntervalPerConversation() throws Exception {
        WsClient c = open("alice");
        for (int i = 0; i < 50; i++) {
            c.send("{\"type\":\"typing\",\"conversationId\":\"k\"}");
        }
        c.send("{\"type\":\"typing\",\"conversationId\":\"other\"}");
        c.send("{\"type\":\"ping\"}");
        assertThat(c.next().path("type").asText()).as("excess typing is dropped silently").isEqualTo("pong");
        assertThat(typings()).containsExactly("k", "other");

        edge.clock.advance(Duration.ofSeconds(2));
        c.send("{\"type\":\"typing\",\"conversationId\":\"k\"}");
        c.send("{\"type\":\"typing\",\"conversationId\":\"k\"}");
        c.send("{\"type\":\"ping\"}");
        c.next();
        assertThat(typings()).containsExactly("k");
    }

    @Test
    void readsAreCoalescedToTheHighestSeqAndTheLastIsAlwaysFlushed() throws Exception {
        WsClient c = open("alice");
        for (int seq = 1; seq <= 40; seq++) {
            c.send("{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":" + seq + "}");
        }
        assertThat(((ReadCommand) edge.commands.next()).seq()).as("the first read goes out at once").isEqualTo(1);
        Command coalesced = edge.commands.next(); // when the window ends
        assertThat(((ReadCommand) coalesced).seq()).isEqualTo(40);
        Thread.sleep(700); // two more windows: nothing pending, nothing sent
        assertThat(edge.commands.size()).isZero();

        c.send("{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":41}");
        c.send("{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":45}");
        c.send("{\"type\":\"ping\"}");
        c.next();
        c.close(); // before the window ends: the pending 45 is flushed on close, not lost
        assertThat(((ReadCommand) edge.commands.next()).seq()).isEqualTo(41);
        assertThat(((ReadCommand) edge.commands.next()).seq()).isEqualTo(45);
    }

    @Test
    void jsonPingsOverTheSessionRateAreDroppedSilently() throws Exception {
        WsClient c = open("alice");
        for (int i = 0; i < 30; i++) {
            c.send("{\"type\":\"ping\"}");
        }
        c.send("{\"type\":\"typing\",\"conversationId\":\"k\"}"); // a marker: every ping before it was handled
        assertThat(edge.commands.next()).isInstanceOf(TypingCommand.class);
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(c.unread()).as("burst of 10, the clock stands still").isEqualTo(10);
        edge.clock.advance(Duration.ofSeconds(1)); // 5 per second
        c.skipReceived();
        for (int i = 0; i < 8; i++) {
            c.send("{\"type\":\"ping\"}");
        }
        c.send("{\"type\":\"typing\",\"conversationId\":\"k2\"}");
        edge.commands.next();
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(c.unread()).isEqualTo(5);
    }

    @Test
    void restCallsOverThePerUserRateGet429WithRetryAfter() throws Exception {
        String alice = edge.token("alice");
        for (int i = 0; i < 4; i++) {
            assertThat(edge.get("/v1/conversations", alice).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = edge.get("/v1/conversations", alice);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(limited.body()).contains("\"code\":\"rate_limited\"");
        assertThat(edge.get("/v1/conversations", edge.token("bob")).statusCode()).as("per user").isEqualTo(200);

        edge.clock.advance(Duration.ofMillis(500)); // 2 per second: one token back
        assertThat(edge.get("/v1/conversations", alice).statusCode()).isEqualTo(200);
        assertThat(edge.get("/v1/conversations", alice).statusCode()).isEqualTo(429);

        edge.clock.advance(Duration.ofSeconds(10));
        edge.services.restRate().evictIdle();
        assertThat(edge.services.restRate().size()).as("full buckets are forgotten").isZero();
    }

    private List<String> typings() throws InterruptedException {
        List<String> out = new ArrayList<>();
        Command c;
        while ((c = edge.commands.poll(300)) != null) {
            out.add(((TypingCommand) c).conversationId());
        }
        return out;
    }
}
