package dev.parley.topology.internal;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
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
        String why = wellFormed(reason);
        LOG.warn("dead-lettered {}-{}@{} in {}: {}", topic, partition, offset, stage, why);
        DeadLetter letter = new DeadLetter(topic, partition, offset, b64(record.key()), b64(record.value()), stage,
                why, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        // Every string of the letter is well-formed by now, so writing it cannot fail.
        context.forward(new Record<>(lenientKey(record.key()), Json.writeBytes(letter), record.timestamp()), sinkName);
    }

    void send(Record<byte[], byte[]> record, RuntimeException e) {
        send(record, "unexpected " + e.getClass().getSimpleName() + ": " + DeadLetterHandler.reason(e));
    }

    /** The key as text for the letter's own key: lossy on bad UTF-8 (the exact bytes are in the letter). */
    static String lenientKey(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /**
     * {@code s} with every unpaired surrogate replaced by U+FFFD. Reasons quote the input (Jackson
     * names the character it choked on), and a letter that cannot be written would fail the task
     * that tried to dead-letter the record.
     */
    static String wellFormed(String s) {
        if (Unicode.isWellFormed(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return sb.toString();
    }

    static String b64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
