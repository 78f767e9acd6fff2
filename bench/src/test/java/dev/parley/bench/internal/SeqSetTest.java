package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqSetTest {

    @Test
    void contiguousIsTheHighestSeqBelowWhichNothingIsMissing() {
        SeqSet s = new SeqSet();
        assertThat(s.contiguous()).isZero();
        assertThat(s.add(1)).isTrue();
        assertThat(s.add(2)).isTrue();
        assertThat(s.add(4)).isTrue();
        assertThat(s.contiguous()).isEqualTo(2);
        assertThat(s.hasGap()).isTrue();
        assertThat(s.add(3)).isTrue();
        assertThat(s.contiguous()).isEqualTo(4);
        assertThat(s.hasGap()).isFalse();
    }

    @Test
    void aSeqSeenBeforeIsNotNew() {
        SeqSet s = new SeqSet();
        s.add(1);
        assertThat(s.add(1)).isFalse();
        assertThat(s.add(0)).isFalse();
    }
}
