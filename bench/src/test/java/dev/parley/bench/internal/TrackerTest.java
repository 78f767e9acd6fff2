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

    @Test
    void theTimelineKeepsTheAdmittedAttemptsLatencyByTheSecondItsAckArrived() {
        Timeline timeline = new Timeline(0);
        Tracker t = new Tracker(timeline);
        t.follow("c", List.of("a1", "b1"));
        t.startPhase("overload");
        t.sent("alice", "a1", "m1", "c", 100_000_000L);
        t.sent("alice", "a1", "m2", "c", 200_000_000L);
        // m1 refused at first and admitted on its retry at 1.5 s; its ack 300 ms after that attempt
        t.acked("alice", "m1", "c", 1, "id1", 1_800_000_000L, 1_500_000_000L);
        t.acked("alice", "m2", "c", 2, "id2", 2_100_000_000L, 200_000_000L);
        t.acked("alice", "m2", "c", 2, "id2", 2_200_000_000L, 200_000_000L); // a repeated ack counts once

        t.received("b1", "s2", "c", 2, "id2", "alice", "m2", true, 2_300_000_000L);
        var seconds = timeline.seconds();
        assertThat(seconds).extracting(Timeline.Second::second).containsExactly(1L, 2L);
        assertThat(seconds.get(0).admitted()).isEqualTo(1);
        assertThat(seconds.get(0).admittedP99()).isEqualTo(300.0, org.assertj.core.data.Offset.offset(3.0));
        assertThat(seconds.get(0).deliveries()).isZero();
        assertThat(seconds.get(1).admitted()).isEqualTo(1);
        assertThat(seconds.get(1).admittedP50()).isEqualTo(1_900.0, org.assertj.core.data.Offset.offset(20.0));
        assertThat(seconds.get(1).deliveries()).isEqualTo(1);
        assertThat(timeline.csv()).startsWith("second,delivery_p50_ms,delivery_p99_ms,deliveries,completed,"
                + "admitted_ack_p50_ms,admitted_ack_p99_ms,acks,ping_rtt_p50_ms,ping_rtt_p99_ms,pings\n");
    }

    @Test
    void probesRoundTripsAreKeptBySecondAndOverAWindow() {
        Timeline timeline = new Timeline(0);
        timeline.delivery(1_000_000_000L, 5_000_000L);
        timeline.delivery(3_500_000_000L, 5_000_000L);
        for (int i = 1; i <= 100; i++) {
            timeline.ping(1_000_000_000L + i, i * 1_000_000L); // second 1: 1..100 ms
        }
        timeline.ping(2_500_000_000L, 900_000_000L); // second 2: 900 ms
        var seconds = timeline.seconds();
        assertThat(seconds.get(0).pings()).isEqualTo(100);
        assertThat(seconds.get(0).pingP50()).isEqualTo(50.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(seconds.get(1).pingP99()).isEqualTo(900.0, org.assertj.core.data.Offset.offset(10.0));
        assertThat(timeline.pingPercentile(1, 2, 99)).isEqualTo(99.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(timeline.pingPercentile(1, 3, 100)).isEqualTo(900.0, org.assertj.core.data.Offset.offset(10.0));
        assertThat(timeline.pingPercentile(3, 4, 50)).isZero();
        assertThat(timeline.csv().lines().skip(1).findFirst().orElseThrow()).endsWith(",100");
    }
}
