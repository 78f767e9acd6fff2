package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.frame.AckFrame;
import dev.parley.common.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupeLogTest {
    static final AckFrame ACK = new AckFrame("x", "c", 1, "m", Instant.parse("2026-01-01T00:00:00Z"));
    KeyValueStore<String, DedupeLog.Entry> entries;
    KeyValueStore<String, String> index;
    DedupeLog log;

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        entries = TestStores.inMemory(context, Names.DEDUPE_STORE, new JsonSerde<>(DedupeLog.Entry.class));
        index = TestStores.inMemory(context, Names.DEDUPE_EXPIRY_STORE, Serdes.String());
        log = new DedupeLog(entries, index, Duration.ofMillis(1000));
    }

    @Test
    void keysOfDifferentTriplesNeverCollide() {
        assertThat(DedupeLog.key("a", "bc", "d")).isNotEqualTo(DedupeLog.key("ab", "c", "d"));
        assertThat(DedupeLog.key("a", "b", "cd")).isNotEqualTo(DedupeLog.key("a", "bc", "d"));
    }

    @Test
    void anEntryIsValidForTheWindowByRecordTime() {
        log.remember("k", ACK, 5_000);
        assertThat(log.lookup("k", 5_999)).isEqualTo(ACK);
        assertThat(log.lookup("k", 6_000)).isNull();
        assertThat(log.lookup("other", 5_000)).isNull();
    }

    @Test
    void expiryDeletesOnlyWhatIsDueAndKeepsAReusedKey() {
        log.remember("old", ACK, 1_000);
        log.remember("reused", ACK, 1_500);
        log.remember("reused", ACK, 3_000); // sent again after its window
        log.remember("new", ACK, 2_900);

        assertThat(log.expire(2_600)).isEqualTo(1); // cutoff 1,600: "old" goes, "reused" was renewed
        assertThat(entries.get("old")).isNull();
        assertThat(entries.get("reused")).isNotNull();
        assertThat(entries.get("new")).isNotNull();
        assertThat(index.approximateNumEntries()).isEqualTo(2);

        assertThat(log.expire(4_000)).isEqualTo(2);
        assertThat(entries.approximateNumEntries()).isZero();
        assertThat(index.approximateNumEntries()).isZero();
    }

    @Test
    void theIndexOrdersByTime() {
        assertThat(DedupeLog.indexKey(999, "z")).isLessThan(DedupeLog.indexKey(1_000, "a"));
        assertThat(DedupeLog.timeOf(DedupeLog.indexKey(1_234, "k|x"))).isEqualTo(1_234);
    }
}
