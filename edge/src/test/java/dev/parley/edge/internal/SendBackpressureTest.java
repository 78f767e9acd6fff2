package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SendBackpressureTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    /** Two pending sends are the floor here, so the limit shows with a few sends. */
    private final SendBackpressure sends = new SendBackpressure(clock, Duration.ofMillis(750), 2);

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
    void aStallIsAbsorbedUpToTheLimitHoweverLateTheAnswers() {
        SendBackpressure node = new SendBackpressure(clock, Duration.ofMillis(750));
        for (int i = 0; i < SendBackpressure.MIN_LIMIT - 1; i++) {
            assertThat(node.admit("s", "m" + i)).isZero();
            clock.advance(Duration.ofMillis(10));
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(node.admit("s", "one-more")).as("answers 15 s late, but within the floor").isZero();
        long retry = node.admit("s", "and-another");
        assertThat(retry).as("at the limit: refused, back in 1 s (the wait, at most) plus its spread")
                .isEqualTo(SendBackpressure.retryAfter(15_000, "and-another")).isBetween(1000L, 1499L);
        assertThat(node.pending()).as("a refused send is not pending").isEqualTo(SendBackpressure.MIN_LIMIT);
        node.settled("s", "m0");
        assertThat(node.admit("s", "and-another")).as("one answered: room for one").isZero();
    }

    @Test
    void whileTheChannelIsDownLateAnswersAreNoOverloadAndTheSendsStayPendingForTheCatchUp() {
        sends.admit("s1", "a");
        sends.admit("s1", "b");
        assertThat(sends.admit("s2", "c")).as("at the limit: shed").isPositive();

        sends.answersLost();
        for (int i = 0; i < 300; i++) {
            assertThat(sends.admit("s2", "c" + i)).as("answers cannot come: admitted").isZero();
        }
        clock.advance(Duration.ofSeconds(3));
        assertThat(sends.admit("s3", "d")).isZero();
        assertThat(sends.pending()).as("still counted, for the catch-up to ack").isEqualTo(303);

        assertThat(sends.takeAdmittedBefore(clock.millis() + 1)).containsOnlyKeys("s1", "s2", "s3");
        sends.answersFlowing();
        assertThat(sends.admit("s4", "e")).as("nothing left behind").isZero();
        assertThat(sends.admit("s4", "f")).isZero();
        assertThat(sends.admit("s5", "g")).as("back: the limit applies again").isPositive();
    }

    @Test
    void aSheddingSpellEndsOnlyAfterAQuietSecondSoFlappingIsOneSpell() {
        sends.admit("s1", "a");
        sends.admit("s1", "b");
        assertThat(sends.admit("s2", "c")).isPositive();
        assertThat(sends.shedding()).isTrue();
        sends.settled("s1", "a");
        clock.advance(Duration.ofMillis(100));
        assertThat(sends.admit("s2", "c")).as("admitted again").isZero();
        assertThat(sends.shedding()).as("a refusal 100 ms ago: the spell goes on").isTrue();
        assertThat(sends.admit("s3", "d")).as("full again").isPositive();
        sends.settled("s1", "b");
        clock.advance(Duration.ofMillis(SendBackpressure.QUIET_MS));
        assertThat(sends.admit("s3", "d")).isZero();
        assertThat(sends.shedding()).as("no refusal for a second").isFalse();
    }

    @Test
    void retryAfterFollowsTheOldestWaitFromHalfASecondToOneAndIsSpreadPerSend() {
        assertThat(SendBackpressure.retryAfter(0, "x") - SendBackpressure.retryAfter(500, "x")).isZero();
        assertThat(SendBackpressure.retryAfter(800, "x") - SendBackpressure.retryAfter(500, "x")).isEqualTo(300);
        assertThat(SendBackpressure.retryAfter(60_000, "x")).isEqualTo(SendBackpressure.retryAfter(1000, "x"));
        java.util.Set<Long> retries = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            long r = SendBackpressure.retryAfter(0, "device-" + i);
            assertThat(r).isBetween(500L, 999L).isEqualTo(SendBackpressure.retryAfter(0, "device-" + i));
            retries.add(r);
        }
        assertThat(retries).as("sends refused together come back spread over half a second").hasSizeGreaterThan(50);
    }

    @Test
    void noMoreArePendingThanThePipelineAnswersInTheMaximumDelayAtItsBestRecentRate() {
        // The pipeline answers 2,000 in a second: 750 ms of that may be pending.
        answerInOneSecond(2000);
        assertThat(sends.limit()).isEqualTo(1500);
        int admitted = 0;
        for (int i = 0; i < 3000; i++) {
            if (sends.admit("u", "x" + i) == 0) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(1500);
        sends.settled("t", "never-sent"); // an answer to nothing pending does not count
    }

    @Test
    void aSlowSpellAfterAStallKeepsTheLimitTheBestSecondEarnedForTenSeconds() {
        answerInOneSecond(2000);
        // A stall, then the pipeline answers slowly (big transactions, few per second): the limit must
        // not shrink with the answers, or the backlog would drain ever more slowly.
        for (int second = 1; second < SendBackpressure.PEAK_SECONDS; second++) {
            answerInOneSecond(100);
            assertThat(sends.limit()).as("second %d after the best", second).isEqualTo(1500);
        }
        answerInOneSecond(100);
        assertThat(sends.limit()).as("the best second is ten seconds back").isEqualTo(75);
        clock.advance(Duration.ofSeconds(30));
        sends.admit("s", "after-a-quiet-minute");
        assertThat(sends.limit()).as("nothing answered lately: the floor").isEqualTo(2);
    }

    /** {@code n} sends admitted and answered within one second, then the clock at the next. */
    private void answerInOneSecond(int n) {
        long start = clock.millis();
        for (int i = 0; i < n; i++) {
            String id = start + "-" + i;
            assertThat(sends.admit("t", id)).isZero();
            sends.settled("t", id);
        }
        clock.advance(Duration.ofMillis(1000));
        sends.admit("t", "roll-" + start);
        sends.settled("t", "roll-" + start);
    }

    @Test
    void aClosedSessionsSendsNoLongerHoldTheNodeBack() {
        sends.admit("gone", "a");
        sends.admit("gone", "b");
        assertThat(sends.admit("x", "y")).isPositive();
        sends.forget("gone");
        assertThat(sends.pending()).isZero();
        assertThat(sends.admit("x", "y")).isZero();
    }

    @Test
    void anAnswerThatNeverComesIsForgottenAfterThirtySeconds() {
        sends.admit("s1", "lost");
        sends.admit("s1", "lost-too");
        clock.advance(SendBackpressure.FORGET_AFTER.plusMillis(1));
        assertThat(sends.admit("s2", "next")).isZero();
        assertThat(sends.pending()).isEqualTo(1);
    }

    @Test
    void aResendOfAPendingSendKeepsItsFirstTimeAndZeroTurnsSheddingOff() {
        sends.admit("s1", "a");
        clock.advance(Duration.ofMillis(500));
        assertThat(sends.admit("s1", "a")).isZero();
        assertThat(sends.pending()).as("one send, not two").isEqualTo(1);
        clock.advance(Duration.ofMillis(400));
        sends.admit("s1", "b");
        assertThat(sends.admit("s2", "c")).as("a is 900 ms old, not 400")
                .isEqualTo(SendBackpressure.retryAfter(900, "c"));

        SendBackpressure off = new SendBackpressure(clock, Duration.ZERO, 1);
        off.admit("s1", "a");
        clock.advance(Duration.ofMinutes(1));
        assertThat(off.admit("s2", "b")).isZero();
        assertThat(off.pending()).isZero();
    }
}
