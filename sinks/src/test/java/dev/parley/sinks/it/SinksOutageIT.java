package dev.parley.sinks.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.Settings;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.PresenceHash;
import dev.parley.common.redis.RedisKeys;
import dev.parley.common.topic.Topics;
import dev.parley.infra.CassandraServer;
import dev.parley.infra.Ports;
import dev.parley.infra.RedisServer;
import dev.parley.ops.Ops;
import dev.parley.sinks.Main;
import dev.parley.sinks.Sinks;
import dev.parley.sinks.SinksConfig;
import dev.parley.sinks.internal.cql.CqlSessions;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The other half of issue 9's rule: an outage is waited out and loses nothing. The sinks run on
 * the shared Kafka but on a Cassandra and a Redis of this test's own, which it stops and starts
 * (the shared ones stay up for the other ITs of the JVM).
 */
class SinksOutageIT {
    /** Cassandra restarts in seconds; the writer then reconnects within its backoff cap. Generous for a busy 2-core box. */
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    /** Long enough for the workers to poll the records and fail on them at least once. */
    private static final Duration DOWN = Duration.ofSeconds(3);
    private static final String NODE = "edge-outage-" + id();
    private static final String ONLINE = "online-" + id();

    private static CassandraServer cassandra;
    private static RedisServer redisServer;
    private static Sinks sinks;
    private static CqlSession cql;
    private static ItKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        RealInfra.assumeLocalProcesses("it stops and starts a Cassandra and a Redis of its own (module infra), and"
                + " a containers run does not promise their binaries");
        TestInfra infra = RealInfra.get();
        String own = "sinks-outage-" + id().substring(0, 8);
        redisServer = new RedisServer(new RedisServer.Config(infra.dataDir().resolve(own + "-redis"), Ports.free()));
        cassandra = new CassandraServer(new CassandraServer.Config(infra.home(), infra.dataDir().resolve(own + "-cql"),
                Ports.free(), Ports.free(), Ports.free(), null));
        redisServer.start();
        cassandra.start();
        Ops.applyCqlSchema(cassandra.contactPoint(), cassandra.localDatacenter(), "parley", Ops.LOCAL_REPLICATION);
        Settings settings = Settings.of(Map.of("kafka.bootstrap-servers", infra.kafkaBootstrap(),
                "cql.contact-points", cassandra.contactPoint(), "cql.local-datacenter", cassandra.localDatacenter(),
                "cql.keyspace", "parley", "redis.uri", redisServer.uri(),
                "sinks.history.group-id", "it-outage-history-" + id(), "sinks.router.group-id", "it-outage-router-" + id(),
                "sinks.poll-timeout", "100ms", "sinks.backoff.max", "1s", "sinks.request-timeout", "2s"));
        SinksConfig config = SinksConfig.from(settings);
        settings.validate();
        cql = CqlSessions.open(config);
        kafka = new ItKafka(infra.kafkaBootstrap());
        vouch();
        sinks = Main.setup(config);
        sinks.ready().get(90, TimeUnit.SECONDS);
        try (NodeChannelProbe node = new NodeChannelProbe(redisServer.uri(), NODE)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                kafka.send(Topics.DELIVERIES.name(), "probe".getBytes(UTF_8), Json.writeBytes(
                        new Delivery("probe", List.of(ONLINE), new TypingFrame("probe", "warm-up"))));
                return !node.envelopes().isEmpty();
            });
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {sinks, kafka, cql, cassandra, redisServer}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void cassandraDownForTheWriterLosesNothingAndDeadLettersNothing() throws Exception {
        String c = id();
        List<RecordMetadata> sent = new ArrayList<>();
        sent.add(kafka.send(Topics.MESSAGES.name(), key(c), Json.writeBytes(message(c, 1))));
        await().atMost(RECOVERY).until(() -> seqs(c).size() == 1);

        cassandra.stop();
        try {
            for (long seq = 2; seq <= 21; seq++) {
                sent.add(kafka.send(Topics.MESSAGES.name(), key(c), Json.writeBytes(message(c, seq))));
            }
            sent.add(kafka.send(Topics.READS.name(), key(c), Json.writeBytes(new ReadPosition(c, "bob", 21, Instant.EPOCH))));
            sent.add(kafka.send(Topics.MEMBERSHIPS.name(), key(c), Json.writeBytes(
                    new ConversationMembers(c, "direct", null, List.of("alice", "bob"), 1, Instant.EPOCH))));
            Thread.sleep(DOWN.toMillis());
        } finally {
            cassandra.start();
        }

        await("everything written once Cassandra is back").atMost(RECOVERY).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> seqs(c).size() == 21
                        && cql.execute("SELECT read_seq FROM read_state WHERE user_id = 'bob' AND conversation_id = ?", c)
                                .one() != null
                        && cql.execute("SELECT version FROM conversations WHERE conversation_id = ?", c).one() != null);
        assertThat(seqs(c)).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 21).boxed().toList());
        assertThat(sent).allSatisfy(at -> assertThat(kafka.letterOf(at)).as("dead letter of %s", at).isEmpty());
    }

    /**
     * The node channel is at most once, and the edge subscribes again only after Redis is back, so
     * what the router publishes in that instant reaches nobody: Redis says so (no subscriber) and the
     * router publishes it again (issue 12). The node here subscribes only after the router has
     * published every delivery once (to nobody), like an edge reconnecting late, and must hear
     * every delivery, each once. Presence is saved before the stop (Redis
     * runs without persistence, an explicit SAVE still writes the file it loads at start), as the
     * edges' heartbeat would rewrite it.
     */
    @Test
    void redisDownForTheRouterLosesNothingAndSendsNothingTwice() throws Exception {
        String c = id();
        List<RecordMetadata> sent = new ArrayList<>();
        vouch();
        // The warm-up's stragglers, published after its probe left, made the router give the node up.
        try (NodeChannelProbe node = new NodeChannelProbe(redisServer.uri(), NODE)) {
            kafka.send(Topics.DELIVERIES.name(), key(c), Json.writeBytes(new Delivery(c, List.of(ONLINE),
                    new TypingFrame(c, "present"))));
            await("the node heard").atMost(RECOVERY).until(() -> typists(node, c).contains("present"));
        }
        redis(r -> r.save());
        redisServer.stop();
        try {
            for (int i = 1; i <= 10; i++) {
                sent.add(kafka.send(Topics.DELIVERIES.name(), key(c), Json.writeBytes(
                        new Delivery(c, List.of(ONLINE), new TypingFrame(c, "typist-" + i)))));
            }
            Thread.sleep(DOWN.toMillis());
        } finally {
            redisServer.start();
        }
        // The edge is late: it subscribes only once the router has published everything to nobody.
        await("the router publishing again").atMost(RECOVERY).pollInterval(Duration.ofMillis(20))
                .until(() -> publishes() >= 10);
        long before = publishes();
        try (NodeChannelProbe node = new NodeChannelProbe(redisServer.uri(), NODE)) {
            List<String> all = java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "typist-" + i).toList();
            try {
                await("every delivery heard once Redis is back").atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
                        .until(() -> typists(node, c).containsAll(all));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("presence " + redis(r -> r.hgetall(RedisKeys.presence(ONLINE))) + " now "
                        + Instant.now().toEpochMilli() + " typists " + typists(node, c) + " stats "
                        + redis(r -> r.info("commandstats")).replace("\r\n", " | "), e);
            }
            Thread.sleep(1000); // anything heard twice would have been by now
            assertThat(typists(node, c)).containsExactlyInAnyOrderElementsOf(all);
            assertThat(publishes()).as("SPUBLISH calls since the restart: each delivery again").isGreaterThanOrEqualTo(before + 10);
        }
        assertThat(sent).allSatisfy(at -> assertThat(kafka.letterOf(at)).as("dead letter of %s", at).isEmpty());
    }

    /** SPUBLISH calls Redis has served since it started. */
    private static long publishes() {
        String stats = redis(r -> r.info("commandstats"));
        return stats.lines().filter(l -> l.startsWith("cmdstat_spublish:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("^cmdstat_spublish:calls=(\\d+),.*", "$1"))).orElse(0L);
    }

    private static List<String> typists(NodeChannelProbe node, String c) {
        return node.envelopes().stream().map(NodeEnvelope::frame)
                .filter(f -> f instanceof TypingFrame t && t.conversationId().equals(c))
                .map(f -> ((TypingFrame) f).userId()).toList();
    }

    private static void vouch() {
        redis(r -> r.hset(RedisKeys.presence(ONLINE), NODE, PresenceHash.vouch(Instant.now().plusSeconds(3600).toEpochMilli())));
    }

    private static <T> T redis(java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create(redisServer.uri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            return command.apply(redis.sync());
        } finally {
            client.shutdown();
        }
    }

    private static List<Long> seqs(String c) {
        return cql.execute("SELECT seq FROM messages WHERE conversation_id = ? AND bucket = 0", c).all().stream()
                .map(r -> r.getLong("seq")).toList();
    }

    private static Message message(String c, long seq) {
        return new Message(c, seq, "m" + seq, "alice", "cm" + seq, "hello " + seq, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static byte[] key(String c) {
        return c.getBytes(UTF_8);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
