package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.Command;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.limit.LocalRateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract's per-user send limit (guarantee 6: 10 per second, bursts of 20, the defaults),
 * enforced by the edge before Kafka, through the real WebSocket server. The clock stands still
 * unless a test moves it, so a burst is exactly the bucket's 20 tokens.
 */
class SendLimitTest {
    private EdgeHarness edge = new EdgeHarness();
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        edge.close();
    }

    private WsClient open(String userId) {
        try {
            WsClient c = edge.connect(userId);
            clients.add(c);
            assertThat(c.next().path("type").asText()).isEqualTo("ready");
            return c;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String send(String clientMsgId) {
        return "{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\",\"conversationId\":\"k\",\"body\":\"hi\"}";
    }

    /** The next frame of {@code c}, which must be a rate_limited refusal of {@code clientMsgId}. */
    private static long refused(WsClient c, String clientMsgId) {
        JsonNode f = c.next();
        assertThat(f.path("type").asText()).isEqualTo("error");
        assertThat(f.path("code").asText()).isEqualTo("rate_limited");
        assertThat(f.path("clientMsgId").asText()).isEqualTo(clientMsgId);
        return f.path("retryAfterMs").asLong();
    }

    /** The commands produced so far (the sink is synchronous: a later frame's answer means they are all in). */
    private List<Command> produced() throws InterruptedException {
        List<Command> out = new ArrayList<>();
        for (int n = edge.commands.size(); n > 0; n--) {
            out.add(edge.commands.next());
        }
        return out;
    }

    private static List<String> clientMsgIds(List<Command> commands) {
        return commands.stream().map(c -> ((SendCommand) c).clientMsgId()).toList();
    }

    @Test
    void aBurstOverTwentyIsRefusedWithRetryAfterNeverReachesKafkaAndOtherUsersAreUnaffected() throws Exception {
        WsClient alice = open("alice");
        WsClient bob = open("bob");
        for (int i = 1; i <= 25; i++) {
            alice.send(send("a" + i));
        }
        for (int i = 21; i <= 25; i++) {
            assertThat(refused(alice, "a" + i)).as("one token at 10 per second").isEqualTo(100);
        }
        List<Command> sent = produced();
        assertThat(clientMsgIds(sent)).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "a" + i)
                .toList());
        assertThat(edge.obs.meters().get("parley.edge.sends.rate_limited").counter().count()).isEqualTo(5);
        assertThat(edge.obs.meters().get("parley.edge.frames.refused").tag("code", "rate_limited").counter().count())
                .isEqualTo(5);

        for (int i = 1; i <= 20; i++) {
            bob.send(send("b" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.commands.size() == 20);
        assertThat(produced()).allSatisfy(c -> assertThat(c.userId()).isEqualTo("bob"));

        edge.clock.advance(Duration.ofMillis(100)); // one token back
        alice.send(send("a26"));
        alice.send(send("a27"));
        assertThat(refused(alice, "a27")).isEqualTo(100);
        assertThat(clientMsgIds(produced())).containsExactly("a26");
        assertThat(alice.unread()).isZero();
    }

    @Test
    void twoSessionsOfOneUserDrawFromOneBucket() throws Exception {
        WsClient phone = open("alice");
        WsClient laptop = open("alice");
        // One session after the other: sessions are handled concurrently, so which of two racing
        // sends takes the last token is open.
        for (int i = 1; i <= 10; i++) {
            phone.send(send("p" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.commands.size() == 10);
        for (int i = 1; i <= 10; i++) {
            laptop.send(send("l" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.commands.size() == 20);
        phone.send(send("p11"));
        assertThat(refused(phone, "p11")).isPositive();
        laptop.send(send("l11"));
        assertThat(refused(laptop, "l11")).isPositive();
        assertThat(produced()).hasSize(20);
    }

    @Test
    void readsAndTypingTakeNoToken() throws Exception {
        WsClient alice = open("alice");
        for (int i = 1; i <= 20; i++) {
            alice.send(send("a" + i));
        }
        alice.send(send("a21"));
        refused(alice, "a21");
        assertThat(produced()).hasSize(20);
        alice.send("{\"type\":\"typing\",\"conversationId\":\"k\"}");
        alice.send("{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":3}");
        assertThat(edge.commands.next()).isInstanceOf(TypingCommand.class);
        assertThat(edge.commands.next()).isInstanceOf(ReadCommand.class);

        WsClient bob = open("bob");
        for (int i = 1; i <= 10; i++) {
            bob.send("{\"type\":\"typing\",\"conversationId\":\"t" + i + "\"}");
            bob.send("{\"type\":\"read\",\"conversationId\":\"r" + i + "\",\"seq\":1}");
        }
        for (int i = 1; i <= 20; i++) {
            bob.send(send("b" + i));
        }
        bob.send("{\"type\":\"ping\"}");
        assertThat(bob.next().path("type").asText()).as("no refusal before the pong").isEqualTo("pong");
        assertThat(produced()).filteredOn(SendCommand.class::isInstance).hasSize(20);
    }

    @Test
    void theSweeperForgetsFullBuckets() throws Exception {
        edge.close();
        edge = new EdgeHarness(Map.of("edge.idle-timeout", "1s")); // sweeps every 250 ms
        WsClient alice = open("alice");
        alice.send(send("a1"));
        edge.commands.next();
        LocalRateLimiter limiter = (LocalRateLimiter) edge.services.sends();
        assertThat(limiter.size()).isEqualTo(1);
        edge.services.start();
        edge.clock.advance(Duration.ofMillis(100)); // the token is back: the bucket is full
        await().atMost(Duration.ofSeconds(5)).until(() -> limiter.size() == 0);
    }
}
