package dev.parley.sinks.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.config.Settings;
import dev.parley.common.event.Delivery;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.PresenceHash;
import dev.parley.common.redis.RedisKeys;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.Main;
import dev.parley.sinks.Sinks;
import dev.parley.sinks.SinksConfig;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The router on real Kafka and Redis: the deliveries one topology transaction wrote for one node,
 * visible to the router at once, reach that node in one publish (not one each), in record order.
 */
class SinksRoutingIT {
    private static final int MESSAGES = 40;

    @Test
    void oneTransactionsDeliveriesReachTheNodeInOnePublishInOrder() throws Exception {
        TestInfra infra = RealInfra.get();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String nodeId = "edge-routing-" + id;
        String online = "online-" + id;
        String c = "c-" + id;
        SinksConfig config = SinksConfig.from(Settings.of(Map.of("kafka.bootstrap-servers", infra.kafkaBootstrap(),
                "cql.contact-points", infra.cqlContactPoint(), "cql.local-datacenter", infra.localDatacenter(),
                "cql.keyspace", infra.keyspace(), "redis.uri", infra.redisUri(),
                "sinks.history.group-id", "it-history-" + id, "sinks.router.group-id", "it-router-" + id,
                "sinks.poll-timeout", "100ms")));
        RedisClient redis = RedisClient.create(infra.redisUri());
        try (var vouch = redis.connect(); NodeChannelProbe node = new NodeChannelProbe(infra.redisUri(), nodeId);
             Sinks sinks = Main.setup(config); var producer = transactional(infra.kafkaBootstrap(), id)) {
            vouch.sync().hset(RedisKeys.presence(online), nodeId,
                    PresenceHash.vouch(Instant.now().plusSeconds(3600).toEpochMilli()));
            sinks.ready().get(90, TimeUnit.SECONDS);
            // The router's new group starts at the end of its topics: probe until it routes.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                send(producer, c, new Delivery(c, List.of(online), new TypingFrame(c, "warm-up")));
                return !node.envelopes().isEmpty();
            });
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // the probes' stragglers
            int before = node.publishes();
            int envelopesBefore = node.envelopes().size();

            producer.beginTransaction();
            for (int seq = 1; seq <= MESSAGES; seq++) {
                producer.send(record(c, new Delivery(c, List.of(online),
                        new MessageFrame(c, seq, "m" + seq, "alice", "cm" + seq, "body " + seq, Instant.now()))));
            }
            producer.commitTransaction();

            await().atMost(Duration.ofSeconds(15)).until(() -> node.envelopes().size() >= envelopesBefore + MESSAGES);
            List<NodeEnvelope> got = node.envelopes().subList(envelopesBefore, node.envelopes().size());
            assertThat(got).extracting(e -> ((MessageFrame) e.frame()).seq())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, MESSAGES).boxed().toList());
            assertThat(node.publishes() - before).as("publishes for %d deliveries", MESSAGES).isEqualTo(1);
        } finally {
            redis.shutdown();
        }
    }

    private static KafkaProducer<byte[], byte[]> transactional(String bootstrap, String id) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-routing-" + id),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String c, Delivery delivery) throws Exception {
        producer.beginTransaction();
        producer.send(record(c, delivery));
        producer.commitTransaction();
    }

    private static ProducerRecord<byte[], byte[]> record(String c, Delivery delivery) {
        return new ProducerRecord<>(Topics.DELIVERIES.name(), c.getBytes(UTF_8), Json.writeBytes(delivery));
    }
}
