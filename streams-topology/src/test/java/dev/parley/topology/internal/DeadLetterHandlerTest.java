package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.Observability;
import dev.parley.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {
    static final Instant NOW = Instant.parse("2026-02-02T12:00:00Z");
    final DeadLetterHandler handler = new DeadLetterHandler(Clock.fixed(NOW, ZoneOffset.UTC));
    final byte[] key = "c1".getBytes(StandardCharsets.UTF_8);
    final byte[] value = "garbage".getBytes(StandardCharsets.UTF_8);

    final ErrorHandlerContext context = new ErrorHandlerContext() {
        public String topic() { return "parley.memberships.v1"; }
        public int partition() { return 3; }
        public long offset() { return 17; }
        public Headers headers() { return new RecordHeaders(); }
        public String processorNodeId() { return "memberships-source"; }
        public TaskId taskId() { return new TaskId(1, 3); }
        public long timestamp() { return 0; }
        public byte[] sourceRawKey() { return key; }
        public byte[] sourceRawValue() { return value; }
    };

    @Test
    void anUnreadableRecordBecomesADeadLetterAndTheStreamResumes() {
        var record = new ConsumerRecord<>("parley.memberships.v1", 3, 17, key, value);
        var response = handler.handleError(context, record,
                new SerializationException("cannot read X", new IllegalArgumentException("bad token")));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().getFirst();
        assertThat(out.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(out.key()).isEqualTo(key);
        DeadLetter letter = Json.read(out.value(), DeadLetter.class);
        assertThat(letter).isEqualTo(new DeadLetter("parley.memberships.v1", 3, 17,
                Base64.getEncoder().encodeToString(key), Base64.getEncoder().encodeToString(value),
                "deserialize parley.memberships.v1", "SerializationException: cannot read X <- IllegalArgumentException: bad token", NOW));
    }

    @Test
    void anEscapedProcessingExceptionFailsTheTaskSoItsTransactionAborts() {
        var response = handler.handleError(context, (org.apache.kafka.streams.processor.api.Record<?, ?>) null,
                new IllegalStateException("boom"));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aReasonQuotingALoneSurrogateStillMakesAWritableLetter() {
        var record = new ConsumerRecord<>("parley.memberships.v1", 3, 17, key, value);
        var response = handler.handleError(context, record,
                new SerializationException("Could not resolve type id 'x\ud800'"));
        DeadLetter letter = Json.read(response.deadLetterQueueRecords().getFirst().value(), DeadLetter.class);
        assertThat(letter.reason()).isEqualTo("SerializationException: Could not resolve type id 'x\ufffd'");
    }

    @Test
    void anOutputThatCannotBeSerialisedDeadLettersTheSourceRecordAndTheTaskGoesOn() {
        var output = new ProducerRecord<Object, Object>("parley.replies.v1", "k", "v");
        var response = handler.handleSerializationError(context, output,
                new IllegalArgumentException("cannot serialise Reply"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        DeadLetter letter = Json.read(response.deadLetterQueueRecords().getFirst().value(), DeadLetter.class);
        assertThat(letter.stage()).isEqualTo("produce parley.replies.v1");
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(value);
        assertThat(letter.reason()).isEqualTo("IllegalArgumentException: cannot serialise Reply");
    }

    @Test
    void aBrokerThatCannotTakeASendNowIsRetriedFromTheLastCommit() {
        var sent = new ProducerRecord<>("parley.messages.v1", key, value);
        assertThat(handler.handleError(context, sent, new TimeoutException("broker down")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(handler.handleError(context, sent, new RecordTooLargeException("too big")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void aBackstopDeadLetterOfACommandIsCountedForItsStageAndKeepsTheTrace() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Headers headers = new RecordHeaders();
        TraceHeader.set(headers, traceparent);
        ErrorHandlerContext commands = new ErrorHandlerContext() {
            public String topic() { return Topics.COMMANDS.name(); }
            public int partition() { return 0; }
            public long offset() { return 5; }
            public Headers headers() { return headers; }
            public String processorNodeId() { return Names.COMMANDS_SOURCE; }
            public TaskId taskId() { return new TaskId(0, 0); }
            public long timestamp() { return 0; }
            public byte[] sourceRawKey() { return key; }
            public byte[] sourceRawValue() { return value; }
        };
        try (Observability obs = Observability.inMemory("topology")) {
            handler.configure(java.util.Map.of(ObserveHooks.CONFIG, obs));
            var record = new ConsumerRecord<>(Topics.COMMANDS.name(), 0, 5, key, value);
            var out = handler.handleError(commands, record, new SerializationException("cannot read")).deadLetterQueueRecords();
            handler.handleError(context, new ConsumerRecord<>("parley.memberships.v1", 3, 17, key, value),
                    new SerializationException("cannot read")); // memberships: no command stage

            assertThat(TraceHeader.get(out.getFirst().headers())).isEqualTo(traceparent);
            assertThat(obs.meters().get(TopologyMeters.COMMANDS).tags("stage", "gate", "outcome", "dead_letter")
                    .counter().count()).isEqualTo(1.0);
            assertThat(obs.meters().find(TopologyMeters.COMMANDS).counters()).hasSize(1);
        }
    }
}
