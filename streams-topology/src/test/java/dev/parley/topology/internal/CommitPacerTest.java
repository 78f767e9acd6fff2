package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * A caught-up thread asks for a commit once the interval since its last commit is up, and is reminded
 * of a record that came too soon; one working off a backlog leaves the commit to Streams' longer interval.
 */
class CommitPacerTest {
    private final AtomicLong lastCommit = new AtomicLong(Long.MIN_VALUE);
    private final CommitPacer pacer = new CommitPacer(Duration.ofMillis(10), Duration.ofMillis(200), lastCommit::get);
    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final List<String> seen = new ArrayList<>();
    private final Processor<String, String, String, String> paced = pacer.<String, String, String, String>paced(
            () -> record -> seen.add(record.value())).get();

    CommitPacerTest() {
        paced.init(context);
    }

    /** Processes a record sent {@code ageMs} before {@code nowMs}; whether a commit was asked for. */
    private boolean process(long nowMs, long ageMs) {
        context.resetCommit();
        context.setCurrentSystemTimeMs(nowMs);
        paced.process(new Record<>("c", "v" + nowMs, nowMs - ageMs));
        return context.committed();
    }

    /** The reminders still scheduled. */
    private List<CapturedPunctuator> reminders() {
        return context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).toList();
    }

    private boolean remind(long nowMs) {
        context.resetCommit();
        reminders().getFirst().getPunctuator().punctuate(nowMs);
        return context.committed();
    }

    @Test
    void aFreshRecordAsksAtOnceWhenTheIntervalSinceTheLastCommitIsUp() {
        assertThat(process(1_000, 5)).as("no commit yet on this thread").isTrue();
        lastCommit.set(1_020);
        assertThat(process(1_030, 200)).as("10 ms after the commit returned, 200 ms old: still fresh").isTrue();
        lastCommit.set(1_031);
        assertThat(process(5_000, -50)).as("idle for a while; a sender's clock ahead of ours").isTrue();
        assertThat(reminders()).isEmpty();
        assertThat(seen).hasSize(3);
    }

    @Test
    void aRecordTooSoonAfterACommitIsAskedForByAReminderOnceTheIntervalIsUp() {
        lastCommit.set(1_000);
        assertThat(process(1_004, 0)).isFalse();
        assertThat(process(1_006, 0)).isFalse();
        assertThat(reminders()).hasSize(1);
        assertThat(reminders().getFirst().getInterval()).as("due when the interval is up").isEqualTo(Duration.ofMillis(6));
        assertThat(remind(1_008)).as("8 ms after the commit").isFalse();
        assertThat(remind(1_010)).isTrue();
        assertThat(reminders()).as("paid: the reminder is cancelled").isEmpty();
    }

    @Test
    void aCommitThatReturnedMeanwhileSettlesTheDebt() {
        lastCommit.set(1_000);
        assertThat(process(1_004, 0)).isFalse();
        lastCommit.set(1_005); // Streams' own interval, or another task of the thread asked
        assertThat(remind(1_015)).isFalse();
        assertThat(reminders()).isEmpty();
    }

    @Test
    void aRecordAfterACommitThatPaidTheLastDebtIsOwedAnew() {
        lastCommit.set(1_000);
        assertThat(process(1_004, 0)).isFalse();
        lastCommit.set(1_005); // covers the first record only
        assertThat(process(1_007, 0)).as("5 ms after that commit").isFalse();
        assertThat(reminders()).as("the second record is still owed").hasSize(1);
        assertThat(remind(1_015)).isTrue();
        assertThat(reminders()).isEmpty();
    }

    @Test
    void aBacklogLeavesTheCommitToStreamsOwnLongerInterval() {
        lastCommit.set(1_000);
        assertThat(process(10_000, 201)).isFalse();
        assertThat(process(10_050, 3_000)).isFalse();
        assertThat(reminders()).isEmpty();
        assertThat(process(10_100, 150)).as("caught up again").isTrue();
        assertThat(seen).hasSize(3);
    }

    @Test
    void theProducersCommitsAreNotedPerThread() throws Exception {
        CommitPacer.transactionCommitted();
        CommitPacer real = new CommitPacer(Duration.ofHours(1), Duration.ofDays(1));
        MockProcessorContext<String, String> here = new MockProcessorContext<>();
        Processor<String, String, String, String> p = real.<String, String, String, String>paced(() -> r -> { }).get();
        p.init(here);
        long now = System.currentTimeMillis();
        here.setCurrentSystemTimeMs(now);
        p.process(new Record<>("c", "v", now));
        assertThat(here.committed()).as("this thread committed under an hour ago").isFalse();

        Thread other = new Thread(() -> {
            MockProcessorContext<String, String> there = new MockProcessorContext<>();
            Processor<String, String, String, String> q = real.<String, String, String, String>paced(() -> r -> { }).get();
            q.init(there);
            there.setCurrentSystemTimeMs(now);
            q.process(new Record<>("c", "v", now));
            assertThat(there.committed()).as("a thread that never committed").isTrue();
        });
        List<Throwable> failed = new ArrayList<>();
        other.setUncaughtExceptionHandler((t, e) -> failed.add(e));
        other.start();
        other.join();
        assertThat(failed).isEmpty();
    }
}
