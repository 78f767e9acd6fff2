package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.topic.Topics;
import dev.parley.infra.KafkaServer;
import dev.parley.infra.Ports;
import dev.parley.testkit.infra.TestHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * On a real broker: the message log written in transactions as the topology writes it, and the
 * history writer's offsets committed as the sinks commit them (the offset after the last record).
 */
class HistoryWriterLagIT {
    static final String TOPIC = Topics.MESSAGES.name();

    @Test
    void aWriterIsThroughWhenOnlyTheTrailingCommitMarkersAreLeft() throws Exception {
        Path home = TestHome.find();
        KafkaServer kafka = new KafkaServer(
                new KafkaServer.Config(home, TestHome.newDataDir(home).resolve("kafka"), Ports.free(), Ports.free()));
        kafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "history-writer-lag-it"),
                     new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "c0", "m" + i));
            }
            producer.send(new ProducerRecord<>(TOPIC, 1, "c1", "m0"));
            producer.send(new ProducerRecord<>(TOPIC, 1, "c1", "m1"));
            producer.commitTransaction(); // each partition: its records, then a commit marker

            TopicPartition p0 = new TopicPartition(TOPIC, 0);
            TopicPartition p1 = new TopicPartition(TOPIC, 1);
            commit(admin, Map.of(p0, 3L));
            assertThat(HistoryWriterLag.lag(admin, TOPIC, HistoryWriterLag.GROUP)).isEqualTo(2); // p1 never committed

            commit(admin, Map.of(p1, 2L));
            assertThat(HistoryWriterLag.lag(admin, TOPIC, HistoryWriterLag.GROUP)).isZero();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(HistoryWriterLag.await(kafka.bootstrapServers(), Duration.ofSeconds(30),
                    new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("was through the message log");

            commit(admin, Map.of(p1, 1L));
            out.reset();
            assertThat(HistoryWriterLag.await(kafka.bootstrapServers(), Duration.ofSeconds(3),
                    new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("still 1 offsets behind");
        } finally {
            kafka.stop();
        }
    }

    private static void commit(Admin admin, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>();
        offsets.forEach((tp, off) -> o.put(tp, new OffsetAndMetadata(off)));
        admin.alterConsumerGroupOffsets(HistoryWriterLag.GROUP, o).all().get(30, TimeUnit.SECONDS);
    }
}
