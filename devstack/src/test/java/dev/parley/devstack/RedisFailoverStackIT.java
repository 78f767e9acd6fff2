package dev.parley.devstack;

import static dev.parley.testkit.client.Frames.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.Frames;
import dev.parley.testkit.client.HistoryWalk;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Parley on a Redis primary with a replica and three Sentinels (devstack.redis-replicas = 1), as the
 * Terraform deploy runs ElastiCache with automatic failover: the primary is stopped and stays down
 * while messages are sent, acked and shown to the other member, live or pushed by the edge's
 * catch-up once its node channel is back on the promoted replica. Nothing waits for the old primary;
 * it comes back afterwards as a replica and the conversation goes on with no gap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFailoverStackIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        stack = SharedStack.startOwnWithRedisReplicas(Map.of(), 1);
        client = new ParleyClient(stack.authUrl(), stack.edgeHttpUrl(), stack.edgeWsUrl());
    }

    @AfterAll
    static void close() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theServicesReachRedisThroughTheSentinels() {
        assertThat(stack.redisUri()).startsWith("redis-sentinel://127.0.0.1:").endsWith("#parley");
        assertThat(stack.redisUri().split(",")).hasSize(3);
    }

    @Test
    @Order(2)
    void withThePrimaryStoppedTheReplicaTakesOverAndMessagesAreAckedAndShownWithoutItsReturn() throws Exception {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            Sending.sendMany(a, direct, "before", 2);
            b.await("message", "clientMsgId", "before-2", WAIT);
            stack.stopInfra("redis");
            try {
                List<JsonNode> acks = Sending.sendMany(a, direct, "down", 3);
                assertThat(Frames.seqs(acks)).containsExactlyElementsOf(range(3, 5));
                for (int i = 1; i <= 3; i++) {
                    b.await("message", "clientMsgId", "down-" + i, WAIT);
                }
            } finally {
                stack.startInfra("redis");
            }
            Sending.sendMany(a, direct, "after", 2);
            b.await("message", "clientMsgId", "after-2", WAIT);
            List<JsonNode> history = HistoryWalk.awaitThrough(client, bob, direct, 0, 7, WAIT);
            assertThat(history).extracting(m -> m.path("clientMsgId").asText()).containsExactly(
                    "before-1", "before-2", "down-1", "down-2", "down-3", "after-1", "after-2");
        }
    }

    @Test
    @Order(3)
    void closingStopsTheReplicaAndTheSentinelsAndFreesTheirPorts() {
        Map<String, Integer> ports = SharedStack.portsOf(stack);
        assertThat(ports).containsKey("Redis Sentinel 3 (devstack.redis-port + 4)").containsKey("Redis replica 1 (devstack.redis-port + 1)");
        SharedStack.closeAndAssertFreed(stack, ports);
    }
}
