package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.frame.AckFrame;
import dev.parley.common.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupeLogTest {
    static final AckFrame ACK = new AckFrame("x", "c", 1, "m", Instant.parse("2026-01-01T00:00:00Z"));
    KeyValueStore<String, DedupeLog.Entry> entries;
    DedupeLog log;

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        entries = TestStores.inMemory(context, Names.DEDUPE_STORE, new JsonSerde<>(DedupeLog.Entry.class));
        log = new DedupeLog(entries, Duration.ofMillis(1000), Duration.ofMinutes(1));
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

        assertThat(log.expire(4_000)).isEqualTo(2);
        assertThat(entries.approximateNumEntries()).isZero();
    }

    /**
     * A big store is swept a slice per call: a 24 h window swept every minute visits a 720th of
     * it per call (at least the minimum slice, 3 here), and a pass that reaches the end starts over,
     * so what was written behind the cursor goes in the next pass.
     */
    @Test
    void aBigStoreIsSweptASlicePerCallAndEveryEntryIsReached() {
        DedupeLog sliced = new DedupeLog(entries, Duration.ofHours(24), Duration.ofMinutes(1), 3);
        long day = Duration.ofHours(24).toMillis();
        for (int i = 0; i < 8; i++) {
            sliced.remember("k" + i, ACK, 1_000);
        }
        long now = 1_000 + day;

        assertThat(sliced.expire(now)).isEqualTo(3); // k0..k2
        sliced.remember("k0", ACK, 2_000);            // behind the cursor, and due later
        assertThat(sliced.expire(now)).isEqualTo(3); // k3..k5
        assertThat(sliced.expire(now)).isEqualTo(2); // k6, k7: the pass ends
        assertThat(entries.get("k0")).isNotNull();
        assertThat(sliced.expire(now + 1_000)).isEqualTo(1); // a new pass finds k0
        assertThat(entries.approximateNumEntries()).isZero();
        assertThat(sliced.expire(now + 1_000)).isZero();
    }
}
