package dev.parley.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.json.Json;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    @Test
    void keepsTheOriginalBytesAndAWritableReason() {
        byte[] key = {(byte) 0xff, 0x00};
        byte[] value = {'{', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '}'};
        var record = new ConsumerRecord<>("parley.messages.v1", 3, 42L, key, value);

        DeadLetter letter = DeadLetter.of(record, "sinks-history", "bad \ud800 x".repeat(200), Instant.EPOCH);

        assertThat(Base64.getDecoder().decode(letter.keyBase64())).isEqualTo(key);
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(value);
        assertThat(letter.sourceTopic()).isEqualTo("parley.messages.v1");
        assertThat(letter.partition()).isEqualTo(3);
        assertThat(letter.offset()).isEqualTo(42);
        assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON).doesNotContain("\ud800").contains("\ufffd");
        assertThat(Json.read(Json.writeBytes(letter), DeadLetter.class)).isEqualTo(letter);
    }

    @Test
    void tombstonesAndKeylessRecordsHaveNullBytes() {
        DeadLetter letter = DeadLetter.of(new ConsumerRecord<byte[], byte[]>("t", 0, 0L, null, null), "s", "r",
                Instant.EPOCH);
        assertThat(letter.keyBase64()).isNull();
        assertThat(letter.valueBase64()).isNull();
    }
}
