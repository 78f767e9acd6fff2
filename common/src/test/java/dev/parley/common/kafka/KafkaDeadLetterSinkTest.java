package dev.parley.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Kafka's own in-memory producer stands in for the broker: the sink's promise is what is tested. */
class KafkaDeadLetterSinkTest {
    private static final DeadLetter LETTER = DeadLetter.of("parley:node:{e1}", -1, -1, null,
            "garbage".getBytes(StandardCharsets.UTF_8), "node-inbox", "undecodable", Instant.EPOCH);
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void completesOnlyWhenTheLetterIsAcknowledged() {
        try (KafkaDeadLetterSink sink = new KafkaDeadLetterSink(producer, false)) {
            CompletableFuture<Void> sent = sink.send("k".getBytes(StandardCharsets.UTF_8), LETTER).toCompletableFuture();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
            assertThat(sent).isNotDone();
            producer.completeNext();
            assertThat(sent).succeedsWithin(Duration.ofSeconds(5));
            var record = producer.history().getFirst();
            assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("k");
            assertThat(Json.read(new String(record.value(), StandardCharsets.UTF_8), DeadLetter.class)).isEqualTo(LETTER);
        }
    }

    @Test
    void failsWhenTheBrokerRefusesSoTheCallerCanTreatItAsAnOutage() {
        try (KafkaDeadLetterSink sink = new KafkaDeadLetterSink(producer, false)) {
            CompletableFuture<Void> sent = sink.send(null, LETTER).toCompletableFuture();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
            producer.errorNext(new TimeoutException("no broker"));
            assertThat(sent).failsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClosedSinkFailsAtOnceAndLeavesASharedProducerOpen() {
        KafkaDeadLetterSink sink = new KafkaDeadLetterSink(producer, false);
        sink.close();
        assertThat(sink.send(null, LETTER).toCompletableFuture()).isCompletedExceptionally();
        assertThat(producer.closed()).isFalse();
    }
}
