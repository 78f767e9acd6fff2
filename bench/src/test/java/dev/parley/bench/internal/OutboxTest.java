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
        Outbox.attempted(p, at);
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
        Outbox.attempted(jittered.add("b", "c1", "hi"), T0);
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
        Outbox.attempted(outbox.get("a"), T0 + MS);
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
        Outbox.deferred(c, T0 + 100 * MS);
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
}
