package dev.parley.sinks.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.Settings;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.PresenceHash;
import dev.parley.common.redis.RedisKeys;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.Main;
import dev.parley.sinks.Sinks;
import dev.parley.sinks.SinksConfig;
import dev.parley.sinks.internal.cql.CqlSessions;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 on the real services: for each input topic of each sinks stage, poison put straight on
 * the topic (garbage bytes, JSON with a {@code \ud800} escape, CESU-8 bytes {@code ED A0 80} inside a
 * string, valid JSON of the wrong shape, and a value that decodes but the store or Redis refuses) is
 * dead-lettered with its original bytes and a reason, and the good record after it is stored or
 * routed within seconds.
 */
class SinksPoisonIT {
    /** "Within seconds" on a 2-core machine shared with other builds. */
    private static final Duration FLOWS = Duration.ofSeconds(15);
    private static final String NODE = "edge-it-" + id();
    private static final String ONLINE = "online-" + id();

    private static Sinks sinks;
    private static CqlSession cql;
    private static ItKafka kafka;
    private static NodeChannelProbe node;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() throws Exception {
        TestInfra infra = RealInfra.get();
        Settings settings = Settings.of(Map.of("kafka.bootstrap-servers", infra.kafkaBootstrap(),
                "cql.contact-points", infra.cqlContactPoint(), "cql.local-datacenter", infra.localDatacenter(),
                "cql.keyspace", infra.keyspace(), "redis.uri", infra.redisUri(),
                "sinks.history.group-id", "it-history-" + id(), "sinks.router.group-id", "it-router-" + id(),
                "sinks.poll-timeout", "100ms", "sinks.backoff.max", "1s"));
        SinksConfig config = SinksConfig.from(settings);
        settings.validate();
        cql = CqlSessions.open(config);
        kafka = new ItKafka(infra.kafkaBootstrap());
        redisClient = RedisClient.create(infra.redisUri());
        redis = redisClient.connect();
        redis.sync().hset(RedisKeys.presence(ONLINE), NODE, PresenceHash.vouch(Instant.now().plusSeconds(3600).toEpochMilli()));
        node = new NodeChannelProbe(infra.redisUri(), NODE);
        sinks = Main.setup(config);
        sinks.ready().get(90, TimeUnit.SECONDS);
        // The router's new group starts at the end of its topics: probe until it routes.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            kafka.send(Topics.DELIVERIES.name(), "probe".getBytes(UTF_8), Json.writeBytes(
                    new Delivery("probe", List.of(ONLINE), new TypingFrame("probe", "warm-up"))));
            return !node.envelopes().isEmpty();
        });
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {sinks, node, kafka, cql, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (redisClient != null) {
            redisClient.shutdown();
        }
    }

    @Test
    void messages() {
        String c = id();
        Map<String, byte[]> poison = common("""
                {"conversationId":"%s","seq":1,"messageId":"m1","senderId":"alice","clientMsgId":"cm1",\
                "body":"x@@y","sentAt":"2026-01-01T00:00:00Z"}""".formatted(c));
        poison.put("a conversation id over 64 KiB", Json.writeBytes(message("c".repeat(70_000), 1)));
        poison.put("a time beyond a CQL timestamp", Json.writeBytes(
                new Message(c, 1, "m1", "alice", "cm1", "b", Instant.MAX)));

        assertDeadLetteredThenFlows(Topics.MESSAGES.name(), c, poison, Json.writeBytes(message(c, 2)), Main.HISTORY_STAGE,
                () -> cql.execute("SELECT seq FROM messages WHERE conversation_id = ? AND bucket = 0", c).one() != null);
    }

    @Test
    void reads() {
        String c = id();
        Map<String, byte[]> poison = common("""
                {"conversationId":"%s","userId":"bob@@","seq":3,"at":"2026-01-01T00:00:00Z"}""".formatted(c));
        poison.put("a user id over 64 KiB", Json.writeBytes(new ReadPosition(c, "u".repeat(70_000), 1, Instant.EPOCH)));

        assertDeadLetteredThenFlows(Topics.READS.name(), c, poison,
                Json.writeBytes(new ReadPosition(c, "bob", 3, Instant.EPOCH)), Main.HISTORY_STAGE,
                () -> cql.execute("SELECT read_seq FROM read_state WHERE user_id = 'bob' AND conversation_id = ?", c)
                        .one() != null);
    }

    @Test
    void memberships() {
        String c = id();
        Map<String, byte[]> poison = common("""
                {"conversationId":"%s","kind":"group","title":"t","members":["alice","b@@b"],"version":1,\
                "changedAt":"2026-01-01T00:00:00Z"}""".formatted(c));
        poison.put("a member id over 64 KiB", Json.writeBytes(new ConversationMembers(c, "group", "t",
                List.of("alice", "m".repeat(70_000)), 1, Instant.EPOCH)));

        assertDeadLetteredThenFlows(Topics.MEMBERSHIPS.name(), c, poison, Json.writeBytes(
                new ConversationMembers(c, "group", "t", List.of("alice"), 2, Instant.EPOCH)), Main.HISTORY_STAGE,
                () -> cql.execute("SELECT version FROM conversations WHERE conversation_id = ?", c).one() != null);
    }

    @Test
    void deliveries() {
        String c = id();
        Map<String, byte[]> poison = common("""
                {"conversationId":"%s","recipients":["%s","x@@"],"frame":{"type":"typing",\
                "conversationId":"%s","userId":"alice"}}""".formatted(c, ONLINE, c));
        // A presence key that is not a hash: Redis answers WRONGTYPE for this delivery, and only for it.
        String broken = "broken-" + id();
        redis.sync().set(RedisKeys.presence(broken), "not a hash");
        poison.put("a recipient Redis refuses (WRONGTYPE)", Json.writeBytes(
                new Delivery(c, List.of(broken), new TypingFrame(c, "alice"))));

        assertDeadLetteredThenFlows(Topics.DELIVERIES.name(), c, poison, Json.writeBytes(
                new Delivery(c, List.of(ONLINE), new TypingFrame(c, "good"))), Main.ROUTER_STAGE,
                () -> node.envelopes().stream().map(NodeEnvelope::frame)
                        .anyMatch(f -> f instanceof TypingFrame t && t.conversationId().equals(c)
                                && t.userId().equals("good")));
    }

    @Test
    void replies() {
        String c = id();
        Map<String, byte[]> poison = common("""
                {"origin":{"nodeId":"%s","sessionId":"s@@"},"userId":"alice","frame":{"type":"ack",\
                "clientMsgId":"cm1","conversationId":"%s","seq":1,"messageId":"m1",\
                "sentAt":"2026-01-01T00:00:00Z"}}""".formatted(NODE, c));

        assertDeadLetteredThenFlows(Topics.REPLIES.name(), NODE, poison, Json.writeBytes(new Reply(
                new Origin(NODE, "s-" + c), "alice", new AckFrame("cm1", c, 1, "m1", Instant.EPOCH))),
                Main.ROUTER_STAGE,
                () -> node.envelopes().stream().anyMatch(e -> ("s-" + c).equals(e.sessionId())));
    }

    /**
     * The poison every topic gets; {@code template} is a valid record of the topic whose {@code @@}
     * marks a place inside a string.
     */
    private static Map<String, byte[]> common(String template) {
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("garbage bytes", new byte[] {0x00, (byte) 0xff, (byte) 0xfe, '{', 'x'});
        poison.put("a \\ud800 escape", template.replace("@@", "\\ud800").getBytes(UTF_8));
        poison.put("CESU-8 ED A0 80 in a string", cesu(template));
        poison.put("valid JSON of the wrong shape", "{\"hello\":[\"world\"],\"seq\":{}}".getBytes(UTF_8));
        return poison;
    }

    private void assertDeadLetteredThenFlows(String topic, String key, Map<String, byte[]> poison, byte[] good,
                                             String stage, java.util.concurrent.Callable<Boolean> flowed) {
        byte[] keyBytes = key.getBytes(UTF_8);
        Map<String, RecordMetadata> sent = new LinkedHashMap<>();
        poison.forEach((what, bytes) -> sent.put(what, kafka.send(topic, keyBytes, bytes)));
        kafka.send(topic, keyBytes, good);

        await("the good record after the poison on " + topic).atMost(FLOWS).pollInterval(Duration.ofMillis(100))
                .until(flowed);
        sent.forEach((what, at) -> {
            DeadLetter letter = await(what + " dead-lettered").atMost(FLOWS).pollInSameThread()
                    .until(() -> kafka.letterOf(at), java.util.Optional::isPresent).orElseThrow();
            assertThat(Base64.getDecoder().decode(letter.valueBase64())).as(what).isEqualTo(poison.get(what));
            assertThat(Base64.getDecoder().decode(letter.keyBase64())).as(what).isEqualTo(keyBytes);
            assertThat(letter.stage()).as(what).isEqualTo(stage);
            assertThat(letter.reason()).as(what).isNotBlank();
        });
    }

    private static byte[] cesu(String template) {
        int at = template.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(template.substring(0, at).getBytes(UTF_8));
        out.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        out.writeBytes(template.substring(at + 2).getBytes(UTF_8));
        return out.toByteArray();
    }

    private static Message message(String c, long seq) {
        return new Message(c, seq, "m" + seq, "alice", "cm" + seq, "hello " + seq, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
