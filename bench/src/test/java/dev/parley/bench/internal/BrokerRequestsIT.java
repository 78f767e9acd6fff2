package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.infra.KafkaServer;
import dev.parley.infra.Ports;
import dev.parley.testkit.infra.TestHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A real broker started below this JVM, found and read the way the pairs profile reads the stack's. */
class BrokerRequestsIT {

    @Test
    void theProducesOfAClientShowInTheBrokersCounts() throws Exception {
        Path home = TestHome.find();
        KafkaServer kafka = new KafkaServer(
                new KafkaServer.Config(home, TestHome.newDataDir(home).resolve("kafka"), Ports.free(), Ports.free()));
        kafka.start();
        try (BrokerRequests requests = BrokerRequests.ofDescendants();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic("broker-requests-it", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("broker-requests-it", "k", "first")).get(30, TimeUnit.SECONDS);
            Map<String, Long> before = requests.counts();
            assertThat(before).containsKeys("Produce", "Metadata", "ApiVersions", "CreateTopics");
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("broker-requests-it", "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
            // one Produce request per acknowledged send, since each waited for the one before
            assertThat(requests.counts().get("Produce") - before.get("Produce")).isBetween(5L, 7L);
        } finally {
            kafka.stop();
        }
    }
}
