package dev.parley.replay.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Message;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRowsTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00.123Z");
    private static final Message M = new Message("c1", 7, "m7", "u1", "k7", "hello", AT);

    @Test
    void theSameRowGivesTheSameDigestWhereverItComesFrom() {
        assertThat(MessageRows.digest(M)).isEqualTo(MessageRows.digest(7, "m7", "u1", "k7", "hello", AT));
        // A CQL timestamp has millisecond precision; Message truncates to it as well.
        assertThat(MessageRows.digest(new Message("c1", 7, "m7", "u1", "k7", "hello", AT.plusNanos(999))))
                .isEqualTo(MessageRows.digest(M));
    }

    @Test
    void everyFieldCounts() {
        byte[] d = MessageRows.digest(M);
        List<byte[]> changed = List.of(
                MessageRows.digest(8, "m7", "u1", "k7", "hello", AT),
                MessageRows.digest(7, "m8", "u1", "k7", "hello", AT),
                MessageRows.digest(7, "m7", "u2", "k7", "hello", AT),
                MessageRows.digest(7, "m7", "u1", "k8", "hello", AT),
                MessageRows.digest(7, "m7", "u1", "k7", "hello!", AT),
                MessageRows.digest(7, "m7", "u1", "k7", "hello", AT.plusMillis(1)));
        changed.forEach(c -> assertThat(c).isNotEqualTo(d));
    }

    @Test
    void nullIsNeitherEmptyNorZero() {
        assertThat(MessageRows.digest(7, "m7", "u1", null, "b", AT))
                .isNotEqualTo(MessageRows.digest(7, "m7", "u1", "", "b", AT));
        assertThat(MessageRows.digest(7, "m7", "u1", "k", null, AT))
                .isNotEqualTo(MessageRows.digest(7, "m7", "u1", "k", "", AT));
        assertThat(MessageRows.digest(7, "m7", "u1", "k", "b", null))
                .isNotEqualTo(MessageRows.digest(7, "m7", "u1", "k", "b", Instant.EPOCH));
    }

    @Test
    void fieldBoundariesCannotShift() {
        assertThat(MessageRows.digest(1, "ab", "c", "k", "b", AT))
                .isNotEqualTo(MessageRows.digest(1, "a", "bc", "k", "b", AT));
        assertThat(MessageRows.digest(1, "m", "u", null, "xb", AT))
                .isNotEqualTo(MessageRows.digest(1, "m", "u", "x", "b", AT));
    }

    @Test
    void aHistoryDependsOnEveryRowAndTheirOrder() {
        byte[] a = MessageRows.digest(1, "m1", "u", null, "a", AT);
        byte[] b = MessageRows.digest(2, "m2", "u", null, "b", AT);
        MessageRows.History ab = new MessageRows.History();
        ab.add(1, a);
        ab.add(2, b);
        MessageRows.History ba = new MessageRows.History();
        ba.add(2, b);
        ba.add(1, a);
        MessageRows.History onlyA = new MessageRows.History();
        onlyA.add(1, a);
        assertThat(ab.count()).isEqualTo(2);
        assertThat(ab.maxSeq()).isEqualTo(2);
        String hex = ab.hex();
        assertThat(HexFormat.of().parseHex(hex)).hasSize(32);
        assertThat(hex).isNotEqualTo(ba.hex()).isNotEqualTo(onlyA.hex()).isNotEqualTo(MessageRows.EMPTY);
        assertThat(new MessageRows.History().hex()).isEqualTo(MessageRows.EMPTY);
    }
}
