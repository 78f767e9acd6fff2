package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.auth.internal.ConversationService;
import dev.parley.auth.internal.KafkaMembershipPublisher;
import dev.parley.auth.internal.jdbc.Jdbc;
import dev.parley.auth.internal.jdbc.JdbcConversations;
import dev.parley.auth.internal.jdbc.JdbcOutbox;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.client.ParleyHttp;
import dev.parley.testkit.infra.RealInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox against real PostgreSQL and Kafka, across a graceful restart of auth
 * and a relay crash between Kafka's acknowledgement and the database's "published" mark. Read
 * back from {@code parley.memberships.v1} with a plain consumer: no change is lost; per
 * conversation, every record is either a newer version than all before it or a repeat of one
 * already seen (at-least-once, in commit order); and each conversation's last record is the
 * database's current member list.
 */
class OutboxRelayIT {
    private static final int CONVERSATIONS = 3;
    private static final int USERS = 6;

    /** The crash: after Kafka acknowledged the batch, before the rows were marked. */
    private static final class SimulatedCrash extends RuntimeException {
    }

    /** Toggles members of one conversation: adds a user who is out, removes one who is in. */
    private static final class Changer {
        final String conversationId;
        final Set<String> members = new LinkedHashSet<>();
        final List<String> users;
        int next;

        Changer(String conversationId, String creator, List<String> users) {
            this.conversationId = conversationId;
            this.members.add(creator);
            this.users = users;
        }

        /** The next change as {@code [userId, add?]}, applied to the local view. */
        Object[] step() {
            String u = users.get(next++ % users.size());
            boolean add = members.add(u);
            if (!add) {
                members.remove(u);
            }
            return new Object[] {u, add};
        }
    }

    @Test
    void everyChangeReachesKafkaInCommitOrderAcrossARestartAndARelayCrash() throws Exception {
        String schema = AuthUnderTest.newSchema();
        java.nio.file.Path keys = AuthUnderTest.newKeysDir();
        List<Changer> changers = new ArrayList<>();
        ConversationsIT.U creator;
        List<String> others = new ArrayList<>();

        // Phase 1: auth A, changes over HTTP, one thread per conversation so outbox ids interleave.
        try (AuthUnderTest a = AuthUnderTest.start(schema, keys)) {
            ParleyHttp http = a.http();
            creator = ConversationsIT.user(http);
            for (int i = 0; i < USERS; i++) {
                others.add(ConversationsIT.user(http).id());
            }
            for (int i = 0; i < CONVERSATIONS; i++) {
                String id = http.post("/v1/conversations", creator.token(),
                        ConversationsIT.groupBody("outbox " + i, List.of())).expect(201).json()
                        .path("conversationId").asText();
                changers.add(new Changer(id, creator.id(), others));
            }
            runOverHttp(http, creator, changers, 40);
        } // closed right after the last change: whatever the relay had not published yet stays pending

        // Phase 2, auth down: more changes through the service's own transactional code, then a
        // relay that crashes after Kafka acknowledged a batch of 25 but before marking it.
        Set<Long> crashedVersions = new HashSet<>();
        try (HikariDataSource ds = dataSource(schema);
             KafkaMembershipPublisher kafka = KafkaMembershipPublisher.create(RealInfra.get().kafkaBootstrap(),
                     KafkaClientSecurity.PLAINTEXT, new SimpleMeterRegistry())) {
            Jdbc jdbc = new Jdbc(ds);
            ConversationService service = new ConversationService(new JdbcConversations(jdbc), Clock.systemUTC());
            for (int k = 0; k < 30; k++) {
                for (Changer c : changers) {
                    Object[] s = c.step();
                    if ((boolean) s[1]) {
                        service.addMembers(creator.id(), c.conversationId, List.of((String) s[0]));
                    } else {
                        service.removeMember(creator.id(), c.conversationId, (String) s[0]);
                    }
                }
            }
            long pendingBefore = pending(schema);
            assertThat(pendingBefore).isGreaterThanOrEqualTo(90);
            Outbox.Backlog backlog = new JdbcOutbox(jdbc).backlog();
            assertThat(backlog.entries()).isEqualTo(pendingBefore);
            assertThat(backlog.oldest()).isPresent();
            assertThatThrownBy(() -> new JdbcOutbox(jdbc).publishPending(25, batch -> {
                kafka.publish(batch);
                batch.forEach(m -> crashedVersions.add(m.version()));
                throw new SimulatedCrash();
            })).isInstanceOf(SimulatedCrash.class);
            assertThat(crashedVersions).hasSize(25);
            assertThat(pending(schema)).isEqualTo(pendingBefore);
        }

        // Phase 3: auth B resumes from the first unpublished row; more changes over HTTP.
        try (AuthUnderTest b = AuthUnderTest.start(schema, keys)) {
            runOverHttp(b.http(), creator, changers, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> pending(schema) == 0);

            Map<String, List<ConversationMembers>> topic = readTopic(changers);
            Map<Long, ConversationMembers> outbox = outbox(schema);
            assertThat(outbox).hasSize(CONVERSATIONS * (1 + 40 + 30 + 20));
            for (Changer c : changers) {
                List<ConversationMembers> records = topic.get(c.conversationId);
                List<Long> versions = records.stream().map(ConversationMembers::version).toList();
                List<Long> expected = outbox.values().stream()
                        .filter(m -> m.conversationId().equals(c.conversationId))
                        .map(ConversationMembers::version).sorted().toList();
                assertThat(new HashSet<>(versions)).as("no change lost").containsExactlyInAnyOrderElementsOf(expected);
                List<Long> firstSeen = new ArrayList<>(new LinkedHashSet<>(versions));
                assertThat(firstSeen).as("new versions appear in commit order").isEqualTo(expected);
                long highest = 0;
                Set<Long> seen = new HashSet<>();
                for (ConversationMembers m : records) {
                    assertThat(m.version() > highest || seen.contains(m.version()))
                            .as("version %d after %d is neither newer nor a repeat", m.version(), highest).isTrue();
                    highest = Math.max(highest, m.version());
                    seen.add(m.version());
                    assertThat(m).as("every record is its outbox row").isEqualTo(outbox.get(m.version()));
                }
                ConversationMembers last = records.getLast();
                assertThat(last.version()).isEqualTo(expected.getLast());
                assertThat(last.members()).as("last snapshot = database")
                        .containsExactlyElementsOf(ConversationsIT.storedMembers(b, c.conversationId));
                assertThat(last.members()).containsExactlyElementsOf(c.members);
            }
            // The crashed batch was not lost: published once before the crash and again after.
            Map<Long, Integer> copies = new HashMap<>();
            topic.values().forEach(l -> l.forEach(m -> copies.merge(m.version(), 1, Integer::sum)));
            assertThat(crashedVersions).allSatisfy(v -> assertThat(copies.get(v)).isGreaterThanOrEqualTo(2));
            System.out.printf("outbox relay IT: %d outbox rows, %d records read, %d duplicates%n", outbox.size(),
                    copies.values().stream().mapToInt(Integer::intValue).sum(),
                    copies.values().stream().mapToInt(n -> n - 1).sum());
        }
    }

    private static void runOverHttp(ParleyHttp http, ConversationsIT.U creator, List<Changer> changers, int steps)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(changers.size())) {
            List<Future<?>> done = new ArrayList<>();
            for (Changer c : changers) {
                done.add(pool.submit(() -> {
                    for (int k = 0; k < steps; k++) {
                        Object[] s = c.step();
                        String path = "/v1/conversations/" + c.conversationId + "/members";
                        if ((boolean) s[1]) {
                            http.post(path, creator.token(), ConversationsIT.userId((String) s[0])).expect(204);
                        } else {
                            http.delete(path + "/" + s[0], creator.token()).expect(204);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static HikariDataSource dataSource(String schema) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(AuthUnderTest.jdbcUrl(schema));
        h.setUsername(RealInfra.DB_USER);
        h.setPassword(RealInfra.DB_PASSWORD);
        h.setMaximumPoolSize(2);
        return new HikariDataSource(h);
    }

    private static long pending(String schema) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(AuthUnderTest.jdbcUrl(schema), RealInfra.DB_USER,
                RealInfra.DB_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<Long, ConversationMembers> outbox(String schema) throws Exception {
        Map<Long, ConversationMembers> out = new HashMap<>();
        try (Connection c = java.sql.DriverManager.getConnection(AuthUnderTest.jdbcUrl(schema), RealInfra.DB_USER,
                RealInfra.DB_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, payload::text FROM outbox")) {
            while (rs.next()) {
                out.put(rs.getLong(1), Json.read(rs.getString(2), ConversationMembers.class));
            }
        }
        return out;
    }

    /** Every record of the topic for these conversations, in partition (= per-key) order. */
    private static Map<String, List<ConversationMembers>> readTopic(List<Changer> changers) {
        Set<String> ids = new HashSet<>();
        changers.forEach(c -> ids.add(c.conversationId));
        Map<String, List<ConversationMembers>> out = new HashMap<>();
        ids.forEach(id -> out.put(id, new ArrayList<>()));
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfra.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, ConversationMembers> consumer = new KafkaConsumer<>(config,
                Topics.MEMBERSHIPS.keySerde().deserializer(), Topics.MEMBERSHIPS.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEMBERSHIPS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the topic to its end").isLessThan(deadline);
                for (ConsumerRecord<String, ConversationMembers> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ids.contains(r.key())) {
                        assertThat(r.value().conversationId()).isEqualTo(r.key());
                        out.get(r.key()).add(r.value());
                    }
                }
            }
        }
        return out;
    }
}
