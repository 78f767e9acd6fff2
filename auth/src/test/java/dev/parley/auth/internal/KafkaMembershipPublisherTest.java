package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.auth.StorageException;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaMembershipPublisherTest {
    private static ConversationMembers members(String id, long version) {
        return new ConversationMembers(id, "group", "t", List.of("a", "b"), version, Instant.EPOCH);
    }

    @Test
    void sendsToTheMembershipsTopicKeyedByConversation() {
        MockProducer<String, ConversationMembers> producer = new MockProducer<>(true, null,
                Topics.MEMBERSHIPS.keySerde().serializer(), Topics.MEMBERSHIPS.valueSerde().serializer());
        new KafkaMembershipPublisher(producer).publish(List.of(members("c1", 1), members("c2", 2)));
        List<ProducerRecord<String, ConversationMembers>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly("parley.memberships.v1");
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("c1", "c2");
        assertThat(sent.get(1).value().version()).isEqualTo(2);
    }

    @Test
    void aFailedSendIsAStorageException() {
        MockProducer<String, ConversationMembers> producer = new MockProducer<>(false, null,
                Topics.MEMBERSHIPS.keySerde().serializer(), Topics.MEMBERSHIPS.valueSerde().serializer());
        KafkaMembershipPublisher publisher = new KafkaMembershipPublisher(producer);
        Thread failer = Thread.ofVirtual().start(() -> {
            while (!producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("down"))) {
                Thread.onSpinWait();
            }
        });
        assertThatThrownBy(() -> publisher.publish(List.of(members("c1", 1)))).isInstanceOf(StorageException.class);
        failer.interrupt();
    }

    @Test
    void producerIsIdempotentWithOneRequestInFlight() {
        var config = KafkaMembershipPublisher.producerConfig("localhost:1", KafkaClientSecurity.PLAINTEXT);
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
                .containsEntry("security.protocol", "PLAINTEXT");
    }

    @Test
    void theProducerCarriesTheKafkaSecurity() {
        var scram = new KafkaClientSecurity("SASL_SSL", "SCRAM-SHA-512", "parley", "pw", java.util.Optional.empty());
        assertThat(KafkaMembershipPublisher.producerConfig("b:9096", scram))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config").containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }
}
