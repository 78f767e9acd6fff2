package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class ReadTrackerTest {
    final ReadTracker reads =
            new ReadTracker(TestStores.inMemory(new MockProcessorContext<>(), Names.READS_STORE, Serdes.Long()));

    @Test
    void positionsOnlyMoveForwardAndAreClampedToTheLastSeq() {
        assertThat(reads.advance("c", "u", 3, 10)).isEqualTo(3);
        assertThat(reads.advance("c", "u", 2, 10)).isEqualTo(-1);
        assertThat(reads.advance("c", "u", 3, 10)).isEqualTo(-1);
        assertThat(reads.advance("c", "u", 50, 10)).isEqualTo(10);
        assertThat(reads.advance("c", "u", 11, 10)).isEqualTo(-1);
    }

    @Test
    void positionsArePerConversationAndUserAndZeroIsNoMove() {
        assertThat(reads.advance("c", "u", 0, 10)).isEqualTo(-1);
        assertThat(reads.advance("c", "u", 5, 0)).isEqualTo(-1);
        assertThat(reads.advance("c", "u", 5, 10)).isEqualTo(5);
        assertThat(reads.advance("c", "v", 1, 10)).isEqualTo(1);
        assertThat(reads.advance("d", "u", 1, 10)).isEqualTo(1);
    }
}
