package dev.parley.common.event;

import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record a stage could not process, with the reason; on {@code parley.dead-letters.v1}.
 * The raw bytes are kept (base64) so an operator can inspect or re-inject them.
 */
public record DeadLetter(String sourceTopic, int partition, long offset, String keyBase64, String valueBase64,
                         String stage, String reason, Instant at) {
    /** Longest reason kept: an exception chain can quote a whole hostile input. */
    public static final int MAX_REASON = 1000;

    /**
     * The dead letter of a consumed record, with its key and value exactly as they were on the topic.
     * The reason is made writable whatever it quotes: unpaired surrogates (which the strict JSON
     * writer would refuse, losing the letter) become U+FFFD, and it is cut to {@value #MAX_REASON} chars.
     */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, String stage, String reason, Instant at) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(), base64(record.key()),
                base64(record.value()), stage, printable(reason), at);
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static String printable(String reason) {
        if (reason == null) {
            return null;
        }
        String s = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
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
}
