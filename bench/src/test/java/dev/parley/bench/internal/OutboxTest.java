package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long T0 = 1_000_000 * MS;

    /** Jitter fixed at its middle: an {@code unavailable} retry comes after exactly {@code retryAfterMs}. */
    private final Outbox outbox = new Outbox(() -> 0.5);

    private Outbox.Pending sent(String id, long at) {
        Outbox.Pending p = outbox.add(id, "c1", "hi");
        outbox.attempted(p, at);
        return p;
    }

    private java.util.List<String> dueIds(long now) {
        return outbox.due(now).stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void aSendInFlightIsNotDueUntilItsAnswerIsThirtySecondsLate() {
        sent("a", T0);

        assertThat(dueIds(T0 + 29_999 * MS)).isEmpty();
        assertThat(dueIds(T0 + 30_001 * MS)).containsExactly("a");
    }

    @Test
    void unavailableIsRetriedAfterItsRetryAfterWithJitter() {
        sent("a", T0);

        assertThat(outbox.error("a", "unavailable", 800, T0 + 10 * MS)).isEqualTo(Outbox.Fate.RETRY);

        assertThat(dueIds(T0 + 809 * MS)).isEmpty();
        assertThat(dueIds(T0 + 810 * MS)).containsExactly("a");
        Outbox jittered = new Outbox(() -> 0.0);
        jittered.attempted(jittered.add("b", "c1", "hi"), T0);
        jittered.error("b", "unavailable", -1, T0); // no retryAfterMs: 500 ms, times 0.5..1.5
        assertThat(jittered.due(T0 + 249 * MS)).isEmpty();
        assertThat(jittered.due(T0 + 250 * MS)).hasSize(1);
    }

    @Test
    void rateLimitedWaitsExactlyRetryAfterAndNotMemberTwoHundredMilliseconds() {
        sent("a", T0);
        sent("b", T0);

        outbox.error("a", "rate_limited", 1_200, T0);
        outbox.error("b", "not_member", -1, T0);

        assertThat(dueIds(T0 + 199 * MS)).isEmpty();
        assertThat(dueIds(T0 + 200 * MS)).containsExactly("b");
        assertThat(dueIds(T0 + 1_200 * MS)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void anotherErrorEndsTheSendAndAnAckRemovesIt() {
        sent("a", T0);
        sent("b", T0);

        assertThat(outbox.error("a", "invalid_frame", -1, T0)).isEqualTo(Outbox.Fate.DROPPED);
        assertThat(outbox.acked("b")).isNotNull();

        assertThat(outbox.size()).isZero();
        assertThat(outbox.acked("b")).as("a second ack of the same send").isNull();
        assertThat(outbox.error("b", "unavailable", 500, T0)).isEqualTo(Outbox.Fate.NOT_PENDING);
    }

    @Test
    void withoutGiveUpARefusedSendIsRetriedForever() {
        sent("a", T0);

        for (int i = 0; i < 100; i++) {
            assertThat(outbox.error("a", "unavailable", 2_000, T0 + i * 1_000 * MS)).isEqualTo(Outbox.Fate.RETRY);
        }
        assertThat(outbox.size()).isOne();
    }

    @Test
    void aSendRefusedForTheGiveUpTimeIsGivenUpCountingFromItsFirstRefusal() {
        outbox.giveUpAfter(Duration.ofSeconds(3));
        sent("a", T0);

        assertThat(outbox.error("a", "unavailable", 500, T0 + 1_000 * MS)).isEqualTo(Outbox.Fate.RETRY);
        assertThat(outbox.error("a", "rate_limited", 500, T0 + 3_999 * MS)).isEqualTo(Outbox.Fate.RETRY);
        assertThat(outbox.error("a", "unavailable", 500, T0 + 4_000 * MS)).isEqualTo(Outbox.Fate.GIVEN_UP);

        assertThat(outbox.size()).isZero();
        assertThat(dueIds(T0 + 60_000 * MS)).as("never retried after it was given up").isEmpty();
    }

    @Test
    void aSendThatWasNeverRefusedIsNotGivenUpHoweverLongItWaits() {
        outbox.giveUpAfter(Duration.ofSeconds(3));
        sent("a", T0);

        assertThat(outbox.error("a", "not_member", -1, T0 + 10_000 * MS)).isEqualTo(Outbox.Fate.RETRY);
        assertThat(outbox.error("a", "unavailable", 500, T0 + 11_000 * MS))
                .as("the clock starts at the first refusal").isEqualTo(Outbox.Fate.RETRY);
    }

    @Test
    void afterAReconnectEverySendIsDueAtOnce() {
        sent("a", T0);
        sent("b", T0);
        outbox.error("b", "unavailable", 2_000, T0);

        outbox.allDue();

        assertThat(dueIds(T0 + MS)).containsExactlyInAnyOrder("a", "b");
        outbox.attempted(outbox.get("a"), T0 + MS);
        assertThat(dueIds(T0 + 2 * MS)).containsExactly("b");
    }

    @Test
    void pausedOnUnavailableTheClientHoldsEverySendUntilThePauseEndsThenSendsThemInTheOrderTyped() {
        outbox.pauseOnUnavailable(true);
        sent("a", T0);
        sent("b", T0);

        outbox.error("b", "unavailable", 800, T0 + 10 * MS);

        assertThat(outbox.held(T0 + 809 * MS)).isTrue();
        Outbox.Pending c = outbox.add("c", "c1", "typed while held");
        outbox.deferred(c, T0 + 100 * MS);
        assertThat(dueIds(T0 + 809 * MS)).isEmpty();
        assertThat(outbox.held(T0 + 810 * MS)).isFalse();
        assertThat(dueIds(T0 + 810 * MS)).containsExactly("b", "c");
        assertThat(dueIds(T0 + 30_001 * MS)).containsExactly("a", "b", "c");
    }

    @Test
    void aLaterRefusalWithALongerPauseExtendsTheHoldAShorterOneDoesNot() {
        outbox.pauseOnUnavailable(true);
        sent("a", T0);
        sent("b", T0);

        outbox.error("a", "unavailable", 2_000, T0);
        outbox.error("b", "unavailable", 500, T0 + 10 * MS);

        assertThat(outbox.held(T0 + 1_999 * MS)).isTrue();
        assertThat(dueIds(T0 + 2_000 * MS)).containsExactly("a", "b");
    }

    @Test
    void withoutThePauseOnlyTheRefusedSendWaitsAndAReconnectEndsAHold() {
        sent("a", T0);
        outbox.error("a", "unavailable", 800, T0);
        assertThat(outbox.held(T0 + MS)).isFalse();

        outbox.pauseOnUnavailable(true);
        outbox.error("a", "unavailable", 800, T0);
        assertThat(outbox.held(T0 + MS)).isTrue();
        outbox.allDue();
        assertThat(outbox.held(T0 + MS)).isFalse();
        assertThat(dueIds(T0 + MS)).containsExactly("a");
    }

    @Test
    void rateLimitedHoldsOnlyItsOwnSend() {
        outbox.pauseOnUnavailable(true);
        sent("a", T0);
        outbox.error("a", "rate_limited", 1_200, T0);
        assertThat(outbox.held(T0 + MS)).isFalse();
    }

    @Test
    void aSendHeldBackForTheGiveUpTimeIsGivenUpWithoutBeingTried() {
        outbox.giveUpAfter(Duration.ofSeconds(3));
        outbox.pauseOnUnavailable(true);
        sent("a", T0);
        outbox.error("a", "unavailable", 2_000, T0);
        Outbox.Pending b = outbox.add("b", "c1", "typed while held");
        assertThat(outbox.attemptOrDefer(b, T0 + 500 * MS)).isFalse();

        assertThat(outbox.giveUpWaiting(T0 + 2_999 * MS)).isEmpty();
        assertThat(outbox.giveUpWaiting(T0 + 3_000 * MS)).extracting(Map.Entry::getKey).containsExactly("a");
        assertThat(outbox.giveUpWaiting(T0 + 3_500 * MS)).as("its clock started when it was held back")
                .extracting(Map.Entry::getKey).containsExactly("b");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aSendInFlightIsNotGivenUpWhileItWaitsForItsAnswer() {
        outbox.giveUpAfter(Duration.ofSeconds(3));
        sent("a", T0);
        outbox.error("a", "unavailable", 500, T0);
        outbox.attempted(outbox.get("a"), T0 + 500 * MS);

        assertThat(outbox.giveUpWaiting(T0 + 10_000 * MS)).isEmpty();
    }

    @Test
    void rampingAfterAHoldTheClientHasHalfAsManyUnansweredThenOneMorePerAck() {
        outbox.pauseOnUnavailable(true);
        outbox.rampAfterHold(true);
        for (int i = 0; i < 8; i++) {
            sent("s" + i, T0);
        }
        outbox.error("s0", "unavailable", 800, T0 + 10 * MS); // 8 were out: the window is 4
        outbox.error("s1", "unavailable", 800, T0 + 20 * MS); // the same hold: no second halving
        for (int i = 2; i < 8; i++) {
            outbox.acked("s" + i); // 6 acks: the window grows to 10
        }
        Outbox.Pending n = outbox.add("n", "c1", "typed while held");
        assertThat(outbox.attemptOrDefer(n, T0 + 100 * MS)).isFalse();

        assertThat(dueIds(T0 + 830 * MS)).containsExactly("s0", "s1", "n");

        Outbox rampOnce = new Outbox(() -> 0.5);
        rampOnce.pauseOnUnavailable(true);
        rampOnce.rampAfterHold(true);
        for (int i = 0; i < 8; i++) {
            rampOnce.attempted(rampOnce.add("s" + i, "c1", "hi"), T0);
        }
        for (int i = 0; i < 8; i++) {
            rampOnce.error("s" + i, "unavailable", 800, T0 + 10 * MS);
        }
        assertThat(rampOnce.due(T0 + 830 * MS)).extracting(Map.Entry::getKey).containsExactly("s0", "s1", "s2", "s3");
        rampOnce.due(T0 + 830 * MS).subList(0, 4).forEach(e -> rampOnce.attempted(e.getValue(), T0 + 830 * MS));
        assertThat(rampOnce.due(T0 + 840 * MS)).as("the window is full").isEmpty();
        Outbox.Pending later = rampOnce.add("new", "c1", "typed after the hold");
        assertThat(rampOnce.attemptOrDefer(later, T0 + 850 * MS)).as("it would overtake s4..s7").isFalse();
        rampOnce.acked("s0"); // one ack: window 5, 3 out: two more go, in the order typed
        assertThat(rampOnce.due(T0 + 860 * MS)).extracting(Map.Entry::getKey).containsExactly("s4", "s5");
    }

    @Test
    void theWindowOpensFullyAfterEnoughAcksAndAtAReconnect() {
        outbox.pauseOnUnavailable(true);
        outbox.rampAfterHold(true);
        sent("a", T0);
        outbox.error("a", "unavailable", 100, T0); // one was out: the window is 1
        outbox.attempted(outbox.get("a"), T0 + 200 * MS);
        assertThat(outbox.mayTransmit(T0 + 200 * MS)).isFalse();
        outbox.acked("a");
        for (int i = 0; i < Outbox.RAMP_DONE; i++) {
            Outbox.Pending p = outbox.add("m" + i, "c1", "hi");
            assertThat(outbox.attemptOrDefer(p, T0 + 300 * MS)).isTrue();
            outbox.acked("m" + i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(outbox.attemptOrDefer(outbox.add("x" + i, "c1", "hi"), T0 + 400 * MS)).isTrue();
        }

        outbox.error("x0", "unavailable", 100, T0 + 500 * MS);
        outbox.allDue();
        assertThat(outbox.held(T0 + 501 * MS)).isFalse();
        assertThat(dueIds(T0 + 501 * MS)).as("the window is the old edge's word too").hasSize(100);
    }

    @Test
    void aLateDuplicateAckDoesNotWidenTheWindow() {
        outbox.pauseOnUnavailable(true);
        outbox.rampAfterHold(true);
        sent("a", T0);
        sent("b", T0);
        outbox.error("a", "unavailable", 100, T0); // two were out: the window is 1
        outbox.acked("b");
        outbox.acked("b"); // a second ack of the same send
        outbox.attempted(outbox.get("a"), T0 + 200 * MS);
        outbox.attempted(outbox.add("c", "c1", "hi"), T0 + 200 * MS);

        assertThat(outbox.mayTransmit(T0 + 300 * MS)).as("window 2, two out").isFalse();
    }
}
