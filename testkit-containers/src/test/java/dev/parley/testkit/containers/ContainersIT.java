package dev.parley.testkit.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The containers are usable the way Parley uses them. Runs in every build with
 * {@code parley.infra=containers} (this module's failsafe configuration): without Docker,
 * {@link RealInfra#get()} skips every test, which proves that path is clean too.
 */
class ContainersIT {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private TestInfra infra;

    /**
     * Per test rather than in {@code @BeforeAll} (get() starts once per JVM either way): Surefire
     * counts a class aborted in {@code @BeforeAll} as no test at all (SUREFIRE-2300), while each
     * test aborted here is reported as skipped.
     */
    @BeforeEach
    void start() {
        infra = RealInfra.get();
        assertThat(infra.kind()).isEqualTo("containers");
    }

    @Test
    void aTransactionalProducerCommitsAndAReadCommittedConsumerReadsIt() {
        String topic = "parley.commands.v1";
        String key = "containers-it-" + ID;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "containers-it-" + ID),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, key, "committed"));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "containers-it-" + ID,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String value = null;
            while (value == null && System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        value = r.value();
                    }
                }
            }
            assertThat(value).as("the committed record, read_committed").isEqualTo("committed");
        }
    }

    /** Two statements as the sinks' CqlHistoryStore writes them: a message row, and the head USING TIMESTAMP. */
    @Test
    void theSchemaIsInScyllaAndAMessageWrittenAsTheSinksWriteItReadsBack() {
        String contact = infra.cqlContactPoint();
        int colon = contact.lastIndexOf(':');
        try (CqlSession cql = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(contact.substring(0, colon),
                        Integer.parseInt(contact.substring(colon + 1))))
                .withLocalDatacenter(infra.localDatacenter()).withKeyspace(infra.keyspace()).build()) {
            List<String> tables = cql.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?",
                    infra.keyspace()).all().stream().map(r -> r.getString("table_name")).toList();
            assertThat(tables).contains("messages", "conversation_state", "conversations", "user_conversations",
                    "read_state");

            PreparedStatement insertMessage = cql.prepare("INSERT INTO messages (conversation_id, bucket, seq,"
                    + " message_id, sender_id, client_msg_id, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            PreparedStatement updateState = cql.prepare(
                    "UPDATE conversation_state USING TIMESTAMP ? SET last_seq = ? WHERE conversation_id = ?");
            String c = "c-" + ID;
            Instant sentAt = Instant.parse("2026-01-02T03:04:05.678Z");
            cql.execute(insertMessage.bind(c, 1L, 1042L, "m-1042", "alice", "cm-1", "hello", sentAt));
            cql.execute(updateState.bind(1042L, 1042L, c));
            cql.execute(updateState.bind(7L, 7L, c)); // an older head arriving late loses

            Row row = cql.execute("SELECT message_id, body, sent_at FROM messages"
                    + " WHERE conversation_id = ? AND bucket = 1 AND seq = 1042", c).one();
            assertThat(row).isNotNull();
            assertThat(row.getString("message_id")).isEqualTo("m-1042");
            assertThat(row.getString("body")).isEqualTo("hello");
            assertThat(row.getInstant("sent_at")).isEqualTo(sentAt);
            assertThat(cql.execute("SELECT last_seq FROM conversation_state WHERE conversation_id = ?", c).one()
                    .getLong("last_seq")).isEqualTo(1042L);
        }
    }

    @Test
    void redisAnswersPing() {
        RedisClient client = RedisClient.create(infra.redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            assertThat(redis.sync().ping()).isEqualTo("PONG");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void postgresAnswersAsTheParleyUser() throws Exception {
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), RealInfra.DB_USER, RealInfra.DB_PASSWORD);
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select 1, current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo(RealInfra.DB_USER);
        }
    }
}
