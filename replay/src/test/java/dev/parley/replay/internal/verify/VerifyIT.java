package dev.parley.replay.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.topic.Topic;
import dev.parley.common.topic.Topics;
import dev.parley.ops.Ops;
import dev.parley.sinks.internal.cql.CqlHistoryStore;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Verify on the real services: two keyspaces written by the sinks' own writer from the same
 * events agree, and so does the log holding those events (plus a record the sinks dead-letter);
 * a changed message body and a lost read position are found, and nothing else.
 */
class VerifyIT {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00.123Z");

    @Test
    void sameDataAgreesAndEachTamperingIsReportedExactly() throws Exception {
        TestInfra infra = RealInfra.get();
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String a = "verify_a_" + run;
        String b = "verify_b_" + run;
        Ops.applyCqlSchema(infra.cqlContactPoint(), infra.localDatacenter(), a, Ops.LOCAL_REPLICATION);
        Ops.applyCqlSchema(infra.cqlContactPoint(), infra.localDatacenter(), b, Ops.LOCAL_REPLICATION);
        Events events = events();
        try (CqlSession sa = open(infra, a); CqlSession sb = open(infra, b); CqlSession session = open(infra, null)) {
            write(new CqlHistoryStore(sa), events);
            write(new CqlHistoryStore(sb), events);
            LogSummaries.TopicNames topics = produce(infra.kafkaBootstrap(), run, events);
            Map<String, Object> kafka = Map.of("bootstrap.servers", infra.kafkaBootstrap());

            VerifyReport same = Verify.keyspaces(session, a, b);
            assertThat(same.differences()).isEmpty();
            assertThat(same.conversations()).isEqualTo(3);
            assertThat(same.messages()).isEqualTo(1203);
            VerifyReport log = Verify.keyspaceAgainstLog(session, a, kafka, topics);
            assertThat(log.differences()).isEmpty();
            assertThat(log.skipped()).isEqualTo(1);
            assertThat(log.conversations()).isEqualTo(3);
            assertThat(log.messages()).isEqualTo(1203);

            session.execute("UPDATE " + b + ".messages SET body = 'tampered'"
                    + " WHERE conversation_id = 'c1' AND bucket = 1 AND seq = 1100");
            session.execute("DELETE FROM " + b + ".read_state WHERE user_id = 'u4' AND conversation_id = 'c2'");
            assertThat(Verify.keyspaces(session, a, b).differences())
                    .extracting(Difference::conversationId, Difference::what)
                    .containsExactly(tuple("c1", "digest"), tuple("c2", "reads"));
            VerifyReport tampered = Verify.keyspaceAgainstLog(session, b, kafka, topics);
            assertThat(tampered.differences())
                    .extracting(Difference::conversationId, Difference::what, Difference::left, Difference::right)
                    .containsExactly(tuple("c1", "digest", digest(session, a), digest(session, b)),
                            tuple("c2", "reads", "{u4: 2}", "{u4: missing}"));
            tampered.print(System.err, 20);
        }
    }

    /** The log agrees with keyspace a, so a's digest of c1 is the log's. */
    private static String digest(CqlSession session, String keyspace) {
        return KeyspaceSummaries.read(session, keyspace).get("c1").digest();
    }

    /** The events in log order; c2's seq 2 comes twice, the later one is what the store keeps. */
    private record Events(List<List<ConversationMembers>> memberships, List<List<Message>> messages,
                          List<ReadPosition> reads) {
    }

    private static Events events() {
        List<Message> c1First = new ArrayList<>();
        List<Message> rest = new ArrayList<>();
        for (long seq = 1; seq <= 1200; seq++) {
            (seq <= 500 ? c1First : rest).add(new Message("c1", seq, "m" + seq, seq % 3 == 0 ? "u1" : "u2",
                    seq % 2 == 0 ? null : "k" + seq, "body " + seq, seq == 7 ? null : AT.plusSeconds(seq)));
        }
        for (long seq = 1; seq <= 3; seq++) {
            rest.add(new Message("c2", seq, "n" + seq, "u4", "", "hi " + seq, AT));
        }
        List<Message> again = List.of(new Message("c2", 2, "n2", "u4", "", "hi 2, edited", AT));
        return new Events(
                List.of(List.of(members("c1", 1, "group", "Team", "u1", "u2", "u3"),
                                members("c2", 1, "direct", null, "u1", "u4")),
                        List.of(members("c1", 2, "group", "Team 2", "u1", "u2"))),
                List.of(c1First, rest, again),
                List.of(read("c1", "u1", 5), read("c1", "u2", 1100), read("c1", "u1", 3), read("c2", "u4", 2),
                        read("c3", "u5", 1)));
    }

    private static void write(CqlHistoryStore store, Events events) {
        events.memberships().forEach(batch -> store.writeMemberships(batch).toCompletableFuture().join());
        events.messages().forEach(batch -> store.writeMessages(batch).toCompletableFuture().join());
        store.writeReads(events.reads()).toCompletableFuture().join();
    }

    private static LogSummaries.TopicNames produce(String bootstrap, String run, Events events) throws Exception {
        LogSummaries.TopicNames topics = new LogSummaries.TopicNames("verify-it.messages." + run,
                "verify-it.memberships." + run, "verify-it.reads." + run);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.messages(), 3, (short) 1),
                    new NewTopic(topics.memberships(), 3, (short) 1),
                    new NewTopic(topics.reads(), 3, (short) 1))).all().get();
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (List<ConversationMembers> batch : events.memberships()) {
                batch.forEach(c -> sent.add(producer.send(record(topics.memberships(), Topics.MEMBERSHIPS,
                        c.conversationId(), c))));
            }
            for (List<Message> batch : events.messages()) {
                batch.forEach(m -> sent.add(producer.send(record(topics.messages(), Topics.MESSAGES,
                        m.conversationId(), m))));
            }
            events.reads().forEach(r -> sent.add(producer.send(record(topics.reads(), Topics.READS, r.key(), r))));
            // One record the sinks dead-letter, and one tombstone they skip silently.
            sent.add(producer.send(new ProducerRecord<>(topics.messages(), "c1",
                    "not json".getBytes(StandardCharsets.UTF_8))));
            sent.add(producer.send(new ProducerRecord<>(topics.reads(), ReadPosition.key("c9", "u9"), null)));
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        return topics;
    }

    private static <V> ProducerRecord<String, byte[]> record(String name, Topic<String, V> topic, String key, V value) {
        return new ProducerRecord<>(name, key, topic.valueSerde().serializer().serialize(name, value));
    }

    private static ConversationMembers members(String c, long version, String kind, String title, String... users) {
        return new ConversationMembers(c, kind, title, List.of(users), version, AT);
    }

    private static ReadPosition read(String c, String user, long seq) {
        return new ReadPosition(c, user, seq, AT);
    }

    private static CqlSession open(TestInfra infra, String keyspace) {
        String contact = infra.cqlContactPoint();
        int colon = contact.lastIndexOf(':');
        var builder = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(contact.substring(0, colon),
                        Integer.parseInt(contact.substring(colon + 1))))
                .withLocalDatacenter(infra.localDatacenter());
        return keyspace == null ? builder.build() : builder.withKeyspace(keyspace).build();
    }
}
