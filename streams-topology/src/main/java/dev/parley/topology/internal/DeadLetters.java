package dev.parley.topology.internal;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends a record a processor could not handle to its dead-letter sink. Raw bytes are kept as they
 * are; a decoded value is re-encoded as JSON, which is still re-injectable.
 */
final class DeadLetters {
    private final String stage;
    private final ProcessorContext<String, Object> context;
    private final String sinkName;

    DeadLetters(String stage, ProcessorContext<String, Object> context, String sinkName) {
        this.stage = stage;
        this.context = context;
        this.sinkName = sinkName;
    }

    void send(Record<String, ?> record, String reason) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        String key = record.key() == null ? null : b64(record.key().getBytes(StandardCharsets.UTF_8));
        DeadLetter letter = new DeadLetter(topic, partition, offset, key, encodeValue(record.value()), stage, reason,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<String, Object>(record.key(), letter, record.timestamp()), sinkName);
    }

    void send(Record<String, ?> record, RuntimeException e) {
        send(record, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String encodeValue(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] raw) {
            return b64(raw);
        }
        try {
            return b64(Json.writeBytes(value));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String b64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
