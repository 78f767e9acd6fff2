package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.config.Settings;
import dev.parley.common.event.Command;
import dev.parley.common.redis.RedisSendLimiter;
import dev.parley.edge.internal.redis.RedisConnections;
import dev.parley.testkit.infra.RealInfra;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two edge nodes, each with its own Redis connections as {@link Main} wires them, share one send
 * bucket per user in the real Redis: a user's sends through both are limited together. The nodes'
 * clocks stand still unless moved (the limit runs on the command's {@code receivedAt}, not Redis's
 * time). A rate of 1 per second keeps the bucket's key in Redis (its expiry is in real time)
 * far longer than the test takes.
 */
class SharedSendLimitIT {
    private static final Map<String, String> LIMITS = Map.of("edge.limits.send-rate", "1",
            "edge.limits.send-burst", "20");
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<RedisSendLimiter> limiters = new ArrayList<>();
    private EdgeHarness a;
    private EdgeHarness b;

    @BeforeEach
    void start() {
        a = node("edge-a");
        b = node("edge-b");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private EdgeHarness node(String nodeId) {
        Settings settings = Settings.of(Map.of("redis.uri", RealInfra.get().redisUri(), "edge.node-id", nodeId));
        RedisConnections redis = RedisConnections.connect(EdgeConfig.from(settings), Clock.systemUTC());
        resources.add(redis);
        EdgeHarness edge = new EdgeHarness(LIMITS, null, null, config -> {
            RedisSendLimiter limiter = redis.sendLimiter(config.limits().sends().tokenBucket());
            limiters.add(limiter);
            return limiter;
        });
        resources.add(edge);
        return edge;
    }

    private static WsClient open(EdgeHarness edge, String userId) throws Exception {
        WsClient c = edge.connect(userId);
        assertThat(c.next().path("type").asText()).isEqualTo("ready");
        return c;
    }

    private static String send(String clientMsgId) {
        return "{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\",\"conversationId\":\"k\",\"body\":\"hi\"}";
    }

    private static void assertRateLimited(WsClient c, String clientMsgId) {
        JsonNode f = c.next();
        assertThat(f.path("code").asText()).as(clientMsgId).isEqualTo("rate_limited");
        assertThat(f.path("clientMsgId").asText()).isEqualTo(clientMsgId);
        assertThat(f.path("retryAfterMs").asLong()).as("one token at 1 per second").isEqualTo(1000);
    }

    private static List<Command> drain(EdgeHarness edge) throws InterruptedException {
        List<Command> out = new ArrayList<>();
        for (int n = edge.commands.size(); n > 0; n--) {
            out.add(edge.commands.next());
        }
        return out;
    }

    @Test
    void aUsersSendsThroughTwoNodesDrawFromOneBucket() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        try (WsClient onA = open(a, alice); WsClient onB = open(b, alice); WsClient carol = open(b, "carol-"
                + UUID.randomUUID())) {
            for (int i = 1; i <= 15; i++) {
                onA.send(send("a" + i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> a.commands.size() == 15);
            for (int i = 1; i <= 10; i++) {
                onB.send(send("b" + i));
            }
            for (int i = 6; i <= 10; i++) {
                assertRateLimited(onB, "b" + i);
            }
            assertThat(drain(a)).hasSize(15);
            assertThat(drain(b)).as("the 5 left of the burst of 20").hasSize(5);

            carol.send(send("c1"));
            assertThat(b.commands.next().userId()).as("another user has a bucket of her own").startsWith("carol-");

            a.clock.advance(Duration.ofSeconds(1)); // one token back, on whichever node asks first
            b.clock.advance(Duration.ofSeconds(1));
            onB.send(send("b11"));
            assertThat(b.commands.next().userId()).isEqualTo(alice);
            onA.send(send("a16"));
            assertRateLimited(onA, "a16");
            assertThat(a.commands.size()).isZero();
        }
        assertThat(limiters).allSatisfy(l -> assertThat(l.fallbacks()).as("decided in Redis").isZero());
    }
}
