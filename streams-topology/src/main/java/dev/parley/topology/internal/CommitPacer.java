package dev.parley.topology.internal;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A commit interval for one stream thread that follows how long its records have waited: the short
 * one for a record that arrives fresh, growing in proportion to a record's age (from a quarter of
 * {@code catchUpAfter}) up to the long one for a record that is {@code catchUpAfter} old, and beyond that Kafka Streams' own
 * ({@code commit.interval.ms}, set to the long one). Each processed record asks for a commit
 * ({@link ProcessorContext#commit()}, honoured by the thread right after the batch it is processing)
 * once its interval has passed since the thread's last commit returned, which is when Streams' own
 * interval counts from too. {@link TopologyClientSupplier}'s producer reports those returns
 * ({@link #transactionCommitted()}). Counting from the ask instead (tried first) made a thread whose
 * commits took longer than the interval commit after every loop, one record per task each time: at
 * 200 msgs/s in the bench the records then waited about 190 ms from the edge to their commit instead
 * of 30.
 *
 * <p>Why: a commit blocks its thread while the broker flushes every partition the transaction wrote
 * and writes its markers. Caught up, a commit every 10 ms keeps latency low. With a backlog (a task
 * taken over from a crashed instance, or after a rolling restart) the same 10 ms made transactions of
 * a handful of messages, each followed by a commit of about 70 ms on the bench's two busy cores: the
 * survivor of a topology SIGKILL drained at 60-280 messages a second (the markers in the log of
 * {@code parley.messages.v1}: a commit every 75-80 ms, one to six messages per partition each).
 *
 * <p>Why in proportion and not two steps (the first version): with only 10 ms below the threshold
 * and 100 ms above it, a thread whose 10 ms commits fell just short of the arrival rate (a rate
 * step to 3,200 msgs/s while Cassandra flushed on the same cores) settled with its records exactly as
 * old as the threshold: past it, the long interval drained the backlog; below it, the short one let it
 * grow again. The queue wait stayed at 200 ms for ten seconds, and at 500 ms with a 500 ms threshold
 * (the markers of the pairs bench). In proportion, the interval lengthens only as far as the load
 * needs.
 *
 * <p>The short interval holds up to a quarter of {@code catchUpAfter}: a record that crossed an earlier
 * transaction (stage 1's, on the way of {@code parley.commands.v1}) arrives that old without any
 * backlog, and in proportion from age 0 it waited longer at the second stage (a guess the test
 * {@code EosLatencyIT} could not confirm: p50 48-54 ms in three turns, the two-step pacer 31-49 ms in
 * two turns the same hour).
 *
 * <p>A record's age is its timestamp (the edge's clock when it sent the command) against this
 * thread's clock; a clock skew between edge and topology hosts makes records look older or younger,
 * which costs latency or a few more commits, never correctness.
 */
public final class CommitPacer {
    private static final long NEVER = Long.MIN_VALUE;
    /** When the current thread's last transaction commit returned (epoch ms); a commit commits all its tasks. */
    private static final ThreadLocal<long[]> LAST_COMMIT = ThreadLocal.withInitial(() -> new long[] {NEVER});

    private final long intervalMs;
    private final long catchUpIntervalMs;
    private final long catchUpAfterMs;
    private final LongSupplier lastCommit;

    /**
     * @param interval        how long after its last commit a thread asks for the next one for a fresh record
     * @param catchUpInterval the interval for a record {@code catchUpAfter} old (Streams' own, for older ones)
     * @param catchUpAfter    the age at which a record's interval has grown to {@code catchUpInterval}
     */
    public CommitPacer(Duration interval, Duration catchUpInterval, Duration catchUpAfter) {
        this(interval, catchUpInterval, catchUpAfter, () -> LAST_COMMIT.get()[0]);
    }

    /** @param lastCommit when the calling thread's last commit returned, {@link Long#MIN_VALUE} if never */
    CommitPacer(Duration interval, Duration catchUpInterval, Duration catchUpAfter, LongSupplier lastCommit) {
        this.intervalMs = interval.toMillis();
        this.catchUpIntervalMs = Math.max(intervalMs, catchUpInterval.toMillis());
        this.catchUpAfterMs = Math.max(1, catchUpAfter.toMillis());
        this.lastCommit = lastCommit;
    }

    /**
     * How long after the last commit a record {@code ageMs} old asks for the next: the short interval up
     * to a quarter of the catch-up age (a record of a second hop, or a busy moment, is that old without
     * any backlog), then in proportion to the age up to the catch-up interval; -1 for Streams' own.
     */
    long intervalFor(long ageMs) {
        if (ageMs > catchUpAfterMs) {
            return -1;
        }
        long caughtUp = catchUpAfterMs / 4;
        if (ageMs <= caughtUp) {
            return intervalMs;
        }
        return intervalMs + (catchUpIntervalMs - intervalMs) * (ageMs - caughtUp) / (catchUpAfterMs - caughtUp);
    }

    /** Called on a stream thread when its producer's {@code commitTransaction()} returned. */
    static void transactionCommitted() {
        LAST_COMMIT.get()[0] = System.currentTimeMillis();
    }

    /** {@code supplier}'s processors, each asking for commits after the records it processed. */
    public <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> paced(
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return () -> new Paced<>(supplier.get(), this);
    }

    /**
     * What one paced processor owes: since when it processed a record no commit has covered yet, and
     * the shortest interval any of those records asked for, or none. Streams checks its own interval
     * after every loop, records or not; a record processed before its interval was up is asked for
     * later by a wall-clock punctuation, as Streams would have committed it.
     */
    final class Debt {
        private final ProcessorContext<?, ?> context;
        private long owedSince = NEVER;
        private long owedInterval;
        private Cancellable reminder;
        private long reminderDue;

        Debt(ProcessorContext<?, ?> context) {
            this.context = context;
        }

        /** After a record with {@code recordTimestamp} was processed. */
        void processed(long recordTimestamp) {
            long now = context.currentSystemTimeMs();
            long wanted = intervalFor(now - recordTimestamp);
            if (wanted < 0) {
                return; // a backlog: Streams' own (long) interval commits it in fewer, larger transactions
            }
            if (coveredSinceOwed()) {
                owedSince = now; // a commit since returned covered what was owed, not this record
                owedInterval = wanted;
            } else {
                owedInterval = Math.min(owedInterval, wanted);
            }
            settle(now);
        }

        /** Asks for the commit if the interval is up; otherwise makes sure a reminder will. */
        void settle(long now) {
            long last = lastCommit.getAsLong();
            if (coveredSinceOwed()) {
                paid(); // a commit since returned (Streams' own interval, or another task's ask)
            } else if (last == NEVER || now - last >= owedInterval) {
                context.commit();
                paid();
            } else if (reminder == null || reminderDue > last + owedInterval) {
                // Due when the interval is up, as Streams' own check after each loop would find.
                cancelReminder();
                reminderDue = last + owedInterval;
                reminder = context.schedule(Duration.ofMillis(Math.max(1, reminderDue - now)),
                        PunctuationType.WALL_CLOCK_TIME, this::settle);
            }
        }

        private boolean coveredSinceOwed() {
            long last = lastCommit.getAsLong();
            return owedSince == NEVER || (last != NEVER && last > owedSince);
        }

        private void paid() {
            owedSince = NEVER;
            cancelReminder();
        }

        private void cancelReminder() {
            if (reminder != null) {
                reminder.cancel();
                reminder = null;
            }
        }
    }

    private static final class Paced<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> delegate;
        private final CommitPacer pacer;
        private Debt debt;

        Paced(Processor<KIn, VIn, KOut, VOut> delegate, CommitPacer pacer) {
            this.delegate = delegate;
            this.pacer = pacer;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            this.debt = pacer.new Debt(context);
            delegate.init(context);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            delegate.process(record);
            debt.processed(record.timestamp());
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
