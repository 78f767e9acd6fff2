package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.edge.EdgeLimits;
import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendBackpressureTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    /** Any pending send counts as a backlog here, so the rules show with one or two sends. */
    private final SendBackpressure sends = new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), 1, Duration.ZERO);

    @Test
    void sendsAreAdmittedWhileAnswersComeBackInTime() {
        for (int i = 0; i < 100; i++) {
            assertThat(sends.admit("s1", "c" + i)).isZero();
            clock.advance(Duration.ofMillis(100));
            sends.settled("s1", "c" + i);
        }
        assertThat(sends.pending()).isZero();
    }

    @Test
    void whenTheOldestSendWaitsTooLongNewOnesAreRefusedUntilItIsAnswered() {
        assertThat(sends.admit("s1", "a")).isZero();
        clock.advance(Duration.ofMillis(700));
        assertThat(sends.admit("s2", "b")).as("700 ms is within the limit").isZero();
        clock.advance(Duration.ofMillis(100));
        long retry = sends.admit("s3", "c");
        assertThat(retry).as("twice the 800 ms the oldest waited").isEqualTo(1600);
        assertThat(sends.pending()).as("a refused send is not pending").isEqualTo(2);
        sends.settled("s1", "a");
        assertThat(sends.admit("s3", "c")).as("the oldest is now b, 100 ms old").isZero();
    }

    @Test
    void whileTheChannelIsDownLateAnswersAreNoOverloadAndTheSendsStayPendingForTheCatchUp() {
        sends.admit("s1", "a");
        clock.advance(Duration.ofMillis(800));
        assertThat(sends.admit("s2", "b")).as("a late answer: shed").isPositive();

        sends.answersLost();
        for (int i = 0; i < 300; i++) {
            assertThat(sends.admit("s2", "c" + i)).as("answers cannot come: admitted").isZero();
        }
        clock.advance(Duration.ofSeconds(3));
        assertThat(sends.admit("s3", "d")).isZero();
        assertThat(sends.pending()).as("still counted, for the catch-up to ack").isEqualTo(302);

        assertThat(sends.takeAdmittedBefore(clock.millis() + 1)).containsOnlyKeys("s1", "s2", "s3");
        sends.answersFlowing();
        assertThat(sends.admit("s4", "e")).as("nothing left behind").isZero();
        clock.advance(Duration.ofMillis(800));
        assertThat(sends.admit("s5", "f")).as("back: a late answer is overload again").isPositive();
    }

    @Test
    void aSheddingSpellEndsOnlyAfterAQuietSecondSoFlappingIsOneSpell() {
        sends.admit("s1", "a");
        clock.advance(Duration.ofMillis(800));
        assertThat(sends.admit("s2", "b")).isPositive();
        assertThat(sends.shedding()).isTrue();
        sends.settled("s1", "a");
        clock.advance(Duration.ofMillis(100));
        assertThat(sends.admit("s2", "b")).as("admitted again").isZero();
        assertThat(sends.shedding()).as("a refusal 100 ms ago: the spell goes on").isTrue();
        clock.advance(Duration.ofMillis(800));
        assertThat(sends.admit("s3", "c")).as("b waited 800 ms").isPositive();
        sends.settled("s2", "b");
        clock.advance(Duration.ofMillis(SendBackpressure.QUIET_MS));
        assertThat(sends.admit("s3", "c")).isZero();
        assertThat(sends.shedding()).as("no refusal for a second").isFalse();
    }

    @Test
    void aLateAnswerWithFewSendsBehindItIsNoOverload() {
        Traffic few = new Traffic(new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE));
        assertThat(few.run(5_000, 10, 1_260)).as("126 pending, however late, are no backlog").isZero();
        Traffic many = new Traffic(new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE));
        assertThat(many.run(5_000, 5, 1_000)).as("200 pending behind late answers are overload").isPositive();
    }

    @Test
    void retryAfterGrowsWithTheBacklogUpToTwoSeconds() {
        sends.admit("s1", "a");
        clock.advance(Duration.ofMillis(900));
        assertThat(sends.admit("s2", "b")).isEqualTo(1800);
        clock.advance(Duration.ofSeconds(3));
        assertThat(sends.admit("s2", "b")).isEqualTo(2000);
    }

    @Test
    void noMoreArePendingThanThePipelineAnswersInTheMaximumDelay() {
        for (int i = 0; i < SendBackpressure.MIN_LIMIT; i++) {
            assertThat(sends.admit("s", "m" + i)).isZero();
        }
        assertThat(sends.admit("s", "over")).as("a quiet node allows the minimum")
                .isEqualTo(SendBackpressure.spread("over")).isBetween(500L, 999L);
        for (int i = 0; i < SendBackpressure.MIN_LIMIT; i++) {
            sends.settled("s", "m" + i);
        }
        // The pipeline answers 2,000 more in that second: 750 ms of what it answers may be pending.
        for (int i = 0; i < 2000; i++) {
            assertThat(sends.admit("t", "n" + i)).isZero();
            sends.settled("t", "n" + i);
        }
        sends.settled("t", "never-sent"); // an answer to nothing pending does not count
        clock.advance(Duration.ofMillis(1000));
        sends.admit("t", "roll");
        assertThat(sends.limit()).isEqualTo((2000 + SendBackpressure.MIN_LIMIT) * 750 / 1000);
        int admitted = 0;
        for (int i = 0; i < 3000; i++) {
            if (sends.admit("u", "x" + i) == 0) {
                admitted++;
            }
        }
        assertThat(admitted + 1).isEqualTo((2000 + SendBackpressure.MIN_LIMIT) * 750 / 1000);
    }

    @Test
    void whileSheddingOnlyWhatThePipelineAnswersInHalfTheDelayMayBePending() {
        // The pipeline answers 2,000 a second; the bound is 1,500 pending.
        for (int i = 0; i < 2000; i++) {
            sends.admit("t", "n" + i);
            sends.settled("t", "n" + i);
        }
        clock.advance(Duration.ofMillis(1000));
        for (int i = 0; i < 1500; i++) {
            assertThat(sends.admit("u", "x" + i)).as("send %d", i).isZero();
        }
        assertThat(sends.admit("u", "over")).as("the bound reached: a spell starts").isPositive();
        assertThat(sends.limit()).isEqualTo(2000 * 375 / 1000);
        for (int i = 0; i < 750; i++) {
            sends.settled("u", "x" + i);
        }
        clock.advance(Duration.ofMillis(100));
        assertThat(sends.admit("u", "y0")).as("750 pending: under the full bound, not under the spell's").isPositive();
        sends.settled("u", "x750");
        assertThat(sends.admit("u", "y1")).as("749 pending").isZero();
        assertThat(sends.admit("u", "y2")).as("750 again").isPositive();

        clock.advance(Duration.ofMillis(SendBackpressure.QUIET_MS));
        for (int i = 751; i < 1500; i++) {
            sends.settled("u", "x" + i);
        }
        sends.settled("u", "y1");
        // A quiet second ends the spell: 750 ms of the last second's 751 answers may be pending again.
        int admitted = 0;
        while (sends.admit("v", "z" + admitted) == 0) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(751 * 750 / 1000);
    }

    @Test
    void sendsRefusedTogetherAreToldToComeBackAtDifferentTimes() {
        java.util.Set<Long> retries = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            long r = SendBackpressure.spread("device-" + i);
            assertThat(r).isBetween(500L, 999L).isEqualTo(SendBackpressure.spread("device-" + i));
            retries.add(r);
        }
        assertThat(retries).as("spread over the half second").hasSizeGreaterThan(50);
    }

    @Test
    void aClosedSessionsSendsNoLongerHoldTheNodeBack() {
        sends.admit("gone", "a");
        sends.admit("gone", "b");
        sends.admit("here", "c");
        clock.advance(Duration.ofSeconds(1));
        assertThat(sends.admit("x", "y")).isPositive();
        sends.forget("gone");
        assertThat(sends.pending()).isEqualTo(1);
        sends.settled("here", "c");
        assertThat(sends.admit("x", "y")).isZero();
    }

    @Test
    void anAnswerThatNeverComesIsForgottenAfterThirtySeconds() {
        sends.admit("s1", "lost");
        clock.advance(SendBackpressure.FORGET_AFTER.plusMillis(1));
        assertThat(sends.admit("s2", "next")).isZero();
        assertThat(sends.pending()).isEqualTo(1);
    }

    @Test
    void aResendOfAPendingSendKeepsItsFirstTimeAndZeroTurnsSheddingOff() {
        sends.admit("s1", "a");
        clock.advance(Duration.ofMillis(500));
        sends.admit("s1", "a");
        clock.advance(Duration.ofMillis(400));
        assertThat(sends.admit("s2", "b")).as("a is 900 ms old, not 400").isPositive();

        SendBackpressure off = new SendBackpressure(clock, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO);
        off.admit("s1", "a");
        clock.advance(Duration.ofMinutes(1));
        assertThat(off.admit("s2", "b")).isZero();
        assertThat(off.pending()).isZero();
    }

    @Test
    void aLateSendIsAStragglerWhileTheAnswersAroundItComeBackInTime() {
        sends.admit("s1", "straggler");
        sends.admit("s2", "b");
        clock.advance(Duration.ofMillis(100));
        sends.settled("s2", "b");
        clock.advance(Duration.ofMillis(700));
        assertThat(sends.admit("s3", "c")).as("the straggler waited 800 ms, but b came back in 100").isZero();
        clock.advance(Duration.ofMillis(900));
        sends.settled("s3", "c");
        clock.advance(Duration.ofMillis(10));
        assertThat(sends.admit("s4", "d")).as("one late answer, one in time: no longer mostly in time").isPositive();
    }

    /** A late tail is overload even while most answers are in time: it is what the admitted sends wait. */
    @Test
    void oneLateAnswerInFiveIsOverloadButOneInTwentyIsAStraggler() {
        assertThat(lateOldestAfter(4)).as("1 of 5 answers late: the admitted sends' tail is past the limit").isPositive();
        assertThat(lateOldestAfter(19)).as("1 of 20 late: a straggler").isZero();
    }

    /** {@code inTime} answers in 100 ms and one in 800, then a send left waiting 800 ms: what a new send gets. */
    private long lateOldestAfter(int inTime) {
        SendBackpressure node = new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), 1, Duration.ZERO);
        for (int i = 0; i < inTime; i++) {
            node.admit("s1", "q" + i);
        }
        node.admit("s2", "slow");
        clock.advance(Duration.ofMillis(100));
        for (int i = 0; i < inTime; i++) {
            node.settled("s1", "q" + i);
        }
        clock.advance(Duration.ofMillis(700));
        node.settled("s2", "slow");
        node.admit("s3", "old");
        clock.advance(Duration.ofMillis(800));
        return node.admit("s4", "new");
    }

    /**
     * One topology instance stuck rebalancing after a broker restart: the sends to its partitions
     * are never answered, the rest are answered in 20 ms. The node used to refuse every send, for
     * minutes, from about a second in.
     */
    @Test
    void aStalledPartOfThePipelineDoesNotHoldBackTheRest() {
        SendBackpressure node = new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE);
        int refused = 0;
        for (int tick = 0; tick < 4_000; tick++) { // 40 s, 100 sends a second to each part
            refused += node.admit("stalled", "s" + tick) == 0 ? 0 : 1;
            refused += node.admit("healthy", "h" + tick) == 0 ? 0 : 1;
            if (tick >= 2) {
                node.settled("healthy", "h" + (tick - 2));
            }
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(refused).isZero();
        assertThat(node.pending()).as("the stalled part's last 30 s, the healthy part's last 2 sends")
                .isBetween(3_000, 3_003);
        assertThat(node.shedding()).isFalse();
    }

    @Test
    void aWholePipelineThatStopsIsShedAfterTheGraceAndProbedWithAFewSendsEachTimeTheWaitingOnesAreStuck() {
        SendBackpressure node = new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE);
        int admitted = 0;
        for (int tick = 0; tick < 2_400; tick++) { // 12 s of 200 sends a second, none answered
            admitted += node.admit("s" + tick % 50, "m" + tick) == 0 ? 1 : 0;
            clock.advance(Duration.ofMillis(5));
        }
        int grace = (int) (EdgeLimits.STALL_GRACE.toMillis() / 5);
        assertThat(admitted).as("all of the grace's sends, then a backlog's worth each time the waiting ones are stuck")
                .isBetween(grace + SendBackpressure.MIN_BACKLOG, grace + 3 * SendBackpressure.MIN_BACKLOG);
        assertThat(node.shedding()).isTrue();
    }

    /**
     * A failover: this node's answers stop for 4.5 s (a topology instance's open transaction holds
     * back its reply partition), then the stall's backlog is answered within half a second while
     * sends go on. Refusing meanwhile relieved nothing and added each client's retry delay to the
     * stall: the bench's topology and sinks SIGKILLs took 7–9 s to recover, their last messages
     * refused 1–3 times.
     */
    @Test
    void aFailoversSilenceAndTheBacklogAnsweredAfterItAreWaitedOutNotShed() {
        Traffic failover = new Traffic(new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE));
        assertThat(failover.stallAndRecover()).isZero();
        assertThat(failover.node.pending()).as("only the last sends' answers are still due").isLessThanOrEqualTo(2);

        Traffic before = new Traffic(new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375),
                SendBackpressure.MIN_BACKLOG, Duration.ZERO));
        assertThat(before.stallAndRecover()).as("without the grace, as before: shed").isGreaterThan(100);
    }

    /**
     * A failover as the full runs on three brokers showed it: 3.3 s of silence, then the survivor
     * drains the backlog over 2.5 s while new sends queue behind it (answered 1.4 s after they came),
     * then everything is in time again. The sends of the drain are no overload either.
     */
    @Test
    void theSendsThatQueueBehindAFailoversBacklogAreNotShed() {
        Traffic t = new Traffic(new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE));
        int refused = t.run(2_000, 10, 20) + t.run(3_300, 10, -1);
        t.release(2_500);
        refused += t.run(2_500, 10, 1_400) + t.run(3_000, 10, 20);
        assertThat(refused).isZero();
        assertThat(t.run(5_000, 5, 1_000)).as("overload once the answers were in time again still is").isPositive();
    }

    @Test
    void aStallLongerThanTheGraceIsShedAndOverloadAfterTheBacklogIsShedAgain() {
        Traffic t = new Traffic(new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE));
        assertThat(t.run(2_000, 10, 20)).isZero();
        assertThat(t.run(EdgeLimits.STALL_GRACE.toMillis() - 100, 10, -1)).as("within the grace").isZero();
        assertThat(t.run(1_000, 10, -1)).as("past it").isPositive();
        t.release(500);
        assertThat(t.run(2_000, 10, 20)).as("the backlog, answered, is no overload").isZero();
        assertThat(t.run(5_000, 5, 1_000)).as("a pipeline that falls behind still is").isPositive();
    }

    /**
     * A topology instance dies without holding back this node's replies: the sends to its
     * partitions wait 4 s while the rest are answered in 20 ms, then its backlog is answered within
     * half a second, all late. Shedding then refused the sends that came in during that drain.
     */
    @Test
    void theBacklogOfAPartialStallAnsweredLateIsNoOverload() {
        assertThat(partialStallRefusals(EdgeLimits.STALL_GRACE)).isZero();
        assertThat(partialStallRefusals(Duration.ZERO)).as("without the grace, as before: shed").isPositive();
    }

    /**
     * A few sends of a stalled conversation wait while the rest is answered in 20 ms; then the
     * pipeline falls behind without a pause (answers after 760 ms). The stalled sends were admitted
     * while the answers were in time, as a partial stall's backlog is, but the excuse ends twice the
     * maximum ack delay after the answers turned late: the overload is shed, not waited out until
     * the stalled sends count as stuck.
     */
    @Test
    void aPipelineThatFallsBehindBesideAStalledConversationIsShedSoonAfterItsAnswersTurnLate() {
        SendBackpressure node = new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE);
        ArrayDeque<Map.Entry<Long, String>> due = new ArrayDeque<>();
        int[] refusedByPhase = new int[3];
        for (int tick = 0; tick < 1_400; tick++) { // 7 s, a send every 5 ms
            int phase = tick < 600 ? 0 : tick < 1_000 ? 1 : 2; // 3 s healthy, 2 s late, 2 s late
            while (!due.isEmpty() && due.peekFirst().getKey() <= clock.millis()) {
                node.settled("s", due.pollFirst().getValue());
            }
            String id = "m" + tick;
            if (node.admit("s", id) != 0) {
                refusedByPhase[phase]++;
            } else if (phase > 0 || tick % 20 != 0) { // every 100 ms a send of the stalled conversation
                due.addLast(Map.entry(clock.millis() + (phase == 0 ? 20 : 760), id));
            }
            clock.advance(Duration.ofMillis(5));
        }
        assertThat(refusedByPhase[0]).isZero();
        assertThat(refusedByPhase[1]).as("within the bound").isZero();
        assertThat(refusedByPhase[2]).as("past it, though the stalled sends are not stuck yet").isPositive();
    }

    private int partialStallRefusals(Duration grace) {
        SendBackpressure node = new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), SendBackpressure.MIN_BACKLOG, grace);
        List<String> stalled = new ArrayList<>();
        int refused = 0;
        for (int tick = 0; tick < 700; tick++) { // 7 s, a send to each part every 10 ms
            if (tick >= 2) {
                node.settled("healthy", "h" + (tick - 2));
            }
            if (tick >= 400 && tick < 450) { // the moved tasks run again: their backlog answered in 0.5 s
                for (int i = 0; i < 8 && !stalled.isEmpty(); i++) {
                    node.settled("stalled", stalled.removeFirst());
                }
            }
            refused += node.admit("healthy", "h" + tick) == 0 ? 0 : 1;
            String s = "s" + tick;
            if (node.admit("stalled", s) == 0) {
                if (tick < 400) {
                    stalled.add(s);
                } else {
                    node.settled("stalled", s);
                }
            } else {
                refused++;
            }
            clock.advance(Duration.ofMillis(10));
        }
        return refused;
    }

    /**
     * A pipeline already behind that stops for a moment (a machine busy with a reconnect storm) is
     * overload getting worse, not a failover: its silence is not waited out.
     */
    @Test
    void aSilenceAfterLateAnswersIsNoStall() {
        Traffic t = new Traffic(new SendBackpressure(clock, Duration.ofMillis(750), Duration.ofMillis(375), EdgeLimits.STALL_GRACE));
        t.run(3_000, 10, 900);
        assertThat(t.run(2_000, 10, -1)).as("late answers, then none").isPositive();
    }

    /** Sends from one session at a fixed pace, each answered after a fixed latency or held until released. */
    private final class Traffic {
        final SendBackpressure node;
        private final ArrayDeque<Map.Entry<Long, String>> due = new ArrayDeque<>();
        private final List<String> held = new ArrayList<>();
        private int next;

        Traffic(SendBackpressure node) {
            this.node = node;
        }

        /** 2 s at 100 sends a second answered in 20 ms, 4.5 s of silence, the backlog answered in 0.5 s; the refusals. */
        int stallAndRecover() {
            int refused = run(2_000, 10, 20) + run(4_500, 10, -1);
            release(500);
            return refused + run(3_000, 10, 20);
        }

        /**
         * A send every {@code everyMs} for {@code forMs}, each answered {@code latencyMs} after it was
         * admitted, or held if negative; answers fall due as time passes. Returns the refusals.
         */
        int run(long forMs, long everyMs, long latencyMs) {
            int refused = 0;
            for (long t = 0; t < forMs; t += everyMs) {
                while (!due.isEmpty() && due.peekFirst().getKey() <= clock.millis()) {
                    node.settled("s", due.pollFirst().getValue());
                }
                String id = "m" + next++;
                if (node.admit("s", id) != 0) {
                    refused++;
                } else if (latencyMs < 0) {
                    held.add(id);
                } else {
                    due.addLast(Map.entry(clock.millis() + latencyMs, id));
                }
                clock.advance(Duration.ofMillis(everyMs));
            }
            return refused;
        }

        /** The held sends are answered, evenly over the next {@code overMs}, before any answer due after them. */
        void release(long overMs) {
            ArrayDeque<Map.Entry<Long, String>> answers = new ArrayDeque<>();
            for (int i = 0; i < held.size(); i++) {
                answers.addLast(Map.entry(clock.millis() + overMs * i / held.size(), held.get(i)));
            }
            answers.addAll(due);
            due.clear();
            due.addAll(answers);
            held.clear();
        }
    }
}
