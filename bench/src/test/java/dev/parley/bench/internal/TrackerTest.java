package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Latency bookkeeping: a send is done once acked and shown on every other device of the conversation. */
class TrackerTest {

    @Test
    void aSendIsDoneWhenAckedAndShownOnEveryOtherDeviceOnce() {
        Tracker t = new Tracker(new Timeline(0));
        t.follow("c", List.of("a1", "b1", "b2"));
        PhaseStats phase = t.startPhase("p");
        t.sent("alice", "a1", "m1", "c", 1_000_000);
        Flight f = t.flight("alice", "m1");
        assertThat(f.expected).isEqualTo(2);
        t.received("a1", "s1", "c", 1, "id1", "alice", "m1", true, 2_000_000);
        t.received("b1", "s2", "c", 1, "id1", "alice", "m1", true, 3_000_000);
        t.received("b1", null, "c", 1, "id1", "alice", "m1", false, 4_000_000);
        assertThat(f.done()).isFalse();
        t.acked("alice", "m1", "c", 1, "id1", 5_000_000, 0);
        assertThat(f.done()).isFalse();
        t.received("b2", null, "c", 1, "id1", "alice", "m1", false, 9_000_000);
        assertThat(f.done()).isTrue();
        assertThat(f.doneNanos()).isEqualTo(9_000_000);
        assertThat(phase.ackPercentiles().count()).isEqualTo(1);
        assertThat(phase.ackPercentiles().p50()).isEqualTo(4.0);
        assertThat(phase.deliveryPercentiles().count()).as("b1 once, b2 once; not the sender").isEqualTo(2);
        assertThat(phase.catchUpDeliveries()).isEqualTo(1);
        assertThat(t.receipts()).hasSize(4);
        assertThat(t.phaseBySeq()).containsEntry("c#1", "p");
    }
}
