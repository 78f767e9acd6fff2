package dev.parley.topology.internal;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.Tracing;
import dev.parley.common.text.Unicode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record a processor could not handle to its dead-letter sink, with the record's original
 * key and value bytes exactly as they were on the source topic (every processor reads raw bytes and
 * decodes them itself, so there is never a decoded value to re-encode and possibly lose).
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private final String stage;
    private final ProcessorContext<String, byte[]> context;
    private final String sinkName;

    DeadLetters(String stage, ProcessorContext<String, byte[]> context, String sinkName) {
        this.stage = stage;
        this.context = context;
        this.sinkName = sinkName;
    }

    void send(Record<byte[], byte[]> record, String reason) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        DeadLetter letter = DeadLetter.of(topic, partition, offset, record.key(), record.value(), stage, reason,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        LOG.warn("dead-lettered {}-{}@{} in {} trace={}: {}", topic, partition, offset, stage,
                Tracing.traceId(TraceHeader.get(record.headers())), letter.reason());
        // Every string of the letter is well-formed by now, so writing it cannot fail. The headers
        // carry the stage's traceparent, so the letter is part of the message's trace.
        context.forward(new Record<>(lenientKey(record.key()), Json.writeBytes(letter), record.timestamp(),
                record.headers()), sinkName);
    }

    void send(Record<byte[], byte[]> record, RuntimeException e) {
        send(record, "unexpected " + DeadLetterHandler.reason(e));
    }

    /** The key as text for the letter's own key: lossy on bad UTF-8 (the exact bytes are in the letter). */
    static String lenientKey(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
}
