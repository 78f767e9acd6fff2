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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Parley on a three-node Kafka cluster (devstack.kafka-brokers = 3), as it runs in production: every
 * topic has three replicas, two of them in sync to write, so one broker can stop and the pipeline
 * goes on without it. Node 1 (the stack's own {@code kafka}) is stopped and stays down while
 * messages are sent, acked, delivered and written to history; it comes back afterwards, and what
 * is sent then continues the same conversation with no gap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void stack() {
        stack = SharedStack.startOwn(Map.of(), 3);
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
    void everyTopicHasThreeReplicasTwoOfThemNeededToWrite() throws Exception {
        assertThat(stack.kafkaBootstrap().split(",")).hasSize(3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            List<String> names = List.of("parley.messages.v1", "parley.commands.v2", "__transaction_state",
                    "__consumer_offsets");
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            topics.forEach((name, d) -> assertThat(d.partitions())
                    .as(name).allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
            var messages = new ConfigResource(ConfigResource.Type.TOPIC, "parley.messages.v1");
            Config config = admin.describeConfigs(List.of(messages)).all().get().get(messages);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            // Kafka Streams' changelogs get the brokers' defaults.
            List<String> changelogs = admin.listTopics().names().get().stream()
                    .filter(n -> n.endsWith("-changelog")).toList();
            assertThat(changelogs).isNotEmpty();
            admin.describeTopics(changelogs).allTopicNames().get().forEach((name, d) -> assertThat(d.partitions())
                    .as(name).allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
        }
    }

    @Test
    @Order(2)
    void withOneBrokerDownMessagesAreAckedDeliveredAndKeptAndNothingWaitsForItsReturn() throws Exception {
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        String direct = client.direct(alice, bob);
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob)) {
            Sending.sendMany(a, direct, "before", 2);
            stack.stopInfra("kafka");
            try {
                List<JsonNode> acks = Sending.sendMany(a, direct, "down", 5);
                assertThat(Frames.seqs(acks)).containsExactlyElementsOf(range(3, 7));
                for (int i = 1; i <= 5; i++) {
                    b.await("message", "clientMsgId", "down-" + i, WAIT);
                }
                List<JsonNode> history = HistoryWalk.awaitThrough(client, bob, direct, 0, 7, WAIT);
                assertThat(Frames.seqs(history)).containsExactlyElementsOf(range(1, 7));
            } finally {
                stack.startInfra("kafka");
            }
            Sending.sendMany(a, direct, "after", 2);
            List<JsonNode> history = HistoryWalk.awaitThrough(client, bob, direct, 0, 9, WAIT);
            assertThat(history).extracting(m -> m.path("clientMsgId").asText()).containsExactly(
                    "before-1", "before-2", "down-1", "down-2", "down-3", "down-4", "down-5", "after-1", "after-2");
        }
    }

    @Test
    @Order(3)
    void closingStopsEveryServiceAndEveryNodeAndFreesTheirPorts() {
        Map<String, Integer> ports = SharedStack.portsOf(stack);
        assertThat(ports).containsKey("Kafka node 3 (devstack.kafka-port + 4)");
        SharedStack.closeAndAssertFreed(stack, ports);
    }
}
