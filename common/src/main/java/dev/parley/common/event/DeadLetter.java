package dev.parley.common.event;

import dev.parley.common.text.Unicode;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record a stage could not process, with the reason; on {@code parley.dead-letters.v1}.
 * The raw bytes are kept (base64) so an operator can inspect or re-inject them.
 *
 * <p>Every letter can be written, whoever builds it: the reason often quotes the hostile input
 * (Jackson names the character it choked on), so unpaired surrogates in it (which the strict JSON
 * writer would refuse, losing the letter and failing the stage that sent it) become U+FFFD, control
 * characters a space (the reason is logged too: no forged log lines), and it is cut to
 * {@value #MAX_REASON} characters.
 */
public record DeadLetter(String sourceTopic, int partition, long offset, String keyBase64, String valueBase64,
                         String stage, String reason, Instant at) {
    /** Longest reason kept: an exception chain can quote a whole hostile input. */
    public static final int MAX_REASON = 1000;

    public DeadLetter {
        if (reason != null) {
            String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
            reason = Unicode.replaceMalformed(cut).replaceAll("\\p{Cntrl}", " ");
        }
        sourceTopic = Unicode.replaceMalformed(sourceTopic);
        stage = Unicode.replaceMalformed(stage);
    }

    /** The dead letter of a record whose key and value are kept exactly as they were. */
    public static DeadLetter of(String sourceTopic, int partition, long offset, byte[] key, byte[] value, String stage,
                                String reason, Instant at) {
        return new DeadLetter(sourceTopic, partition, offset, base64(key), base64(value), stage, reason, at);
    }

    /** The dead letter of a consumed record, with its key and value exactly as they were on the topic. */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, String stage, String reason, Instant at) {
        return of(record.topic(), record.partition(), record.offset(), record.key(), record.value(), stage, reason, at);
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
