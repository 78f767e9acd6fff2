package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class TypingThrottleTest {
    final KeyValueStore<String, Long> store = TestStores.inMemory(new MockProcessorContext<>(), Names.TYPING_STORE,
            Serdes.Long());
    final TypingThrottle throttle = new TypingThrottle(store, Duration.ofSeconds(2));

    boolean typing(String user, String conversation, long at) {
        boolean ok = throttle.allows(user, conversation, at);
        if (ok) {
            throttle.record(user, conversation, at);
        }
        return ok;
    }

    @Test
    void onePerPairPerInterval() {
        assertThat(typing("u", "c", 1000)).isTrue();
        assertThat(typing("u", "c", 2999)).isFalse();
        assertThat(typing("u", "d", 2999)).isTrue();
        assertThat(typing("v", "c", 2999)).isTrue();
        assertThat(typing("u", "c", 3000)).isTrue();
        assertThat(typing("u", "c", 500)).isTrue(); // another edge's clock behind: not held back
    }

    @Test
    void idsCannotCollideAcrossThePair() {
        assertThat(typing("ab", "c", 0)).isTrue();
        assertThat(typing("a", "bc", 0)).isTrue();
    }

    @Test
    void evictionDropsOnlyWhatHoldsNothingBack() {
        typing("u", "c", 1000);
        typing("v", "c", 2500);
        throttle.evict(3000);
        assertThat(store.get(TypingThrottle.key("u", "c"))).isNull();
        assertThat(store.get(TypingThrottle.key("v", "c"))).isEqualTo(2500);
    }

    @Test
    void zeroDisablesIt() {
        TypingThrottle off = new TypingThrottle(store, Duration.ZERO);
        assertThat(off.allows("u", "c", 0)).isTrue();
        off.record("u", "c", 0);
        assertThat(off.allows("u", "c", 0)).isTrue();
        assertThat(store.approximateNumEntries()).isZero();
    }
}
