package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a fault's disturbed messages waited for: counted per cause, and the one done last described. */
class DisturbanceTest {
    private static final long S = 1_000_000_000L;
    private static final long FAULT = 100 * S;

    @Test
    void countsEachCauseAndDescribesTheMessageDoneLast() {
        Tracker t = new Tracker(new Timeline(0));
        t.follow("c", List.of("a1", "b1"));
        t.startPhase("p");
        // Acked late (the pipeline stalled), then shown live at once; sent twice.
        t.sent("alice", "a1", "m1", "c", FAULT);
        t.attempted("alice", "m1", 0);
        t.attempted("alice", "m1", 0);
        t.acked("alice", "m1", "c", 1, "id1", FAULT + 6 * S, 0);
        t.received("b1", "s", "c", 1, "id1", "alice", "m1", true, FAULT + 6 * S);
        // Acked at once, shown on b1 only by catch-up after 9 s: done last.
        t.sent("alice", "a1", "m2", "c", FAULT + S / 2);
        t.attempted("alice", "m2", 0);
        t.acked("alice", "m2", "c", 2, "id2", FAULT + S, 0);
        t.received("b1", null, "c", 2, "id2", "alice", "m2", false, FAULT + S / 2 + 9 * S);

        Disturbance d = Disturbance.of(List.of(t.flight("alice", "m1"), t.flight("alice", "m2")), S, FAULT);

        assertThat(d.ackLate()).isEqualTo(1);
        assertThat(d.shownLate()).isEqualTo(2);
        assertThat(d.shownByCatchUp()).isEqualTo(1);
        assertThat(d.resent()).isEqualTo(1);
        assertThat(d.last()).isEqualTo(new Disturbance.Last(0.5, 0.5, 9.0, 1, true));
    }

    @Test
    void nothingDisturbedIsNone() {
        assertThat(Disturbance.of(List.of(), S, FAULT)).isSameAs(Disturbance.NONE);
    }
}
