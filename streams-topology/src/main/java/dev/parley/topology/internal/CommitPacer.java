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
 * Two commit intervals for one stream thread: a short one while it is caught up, a long one while it
 * works off a backlog. Kafka Streams has one ({@code commit.interval.ms}), set to the long one; each
 * processed record that is fresh asks for a commit ({@link ProcessorContext#commit()}, honoured by the
 * thread right after the batch it is processing) once the short interval has passed since the
 * thread's last commit returned, which is when Streams' own interval counts from too.
 * {@link TopologyClientSupplier}'s producer reports those returns ({@link #transactionCommitted()}).
 * Counting from the ask instead (tried first) made a thread whose commits took longer than the
 * interval commit after every loop, one record per task each time: at 200 msgs/s in the bench the
 * records then waited about 190 ms from the edge to their commit instead of 30.
 *
 * <p>Why: a commit blocks its thread while the broker flushes every partition the transaction wrote
 * and writes its markers. Caught up, a commit every 10 ms keeps latency low. With a backlog (a task
 * taken over from a crashed instance, or after a rolling restart) the same 10 ms made transactions of
 * a handful of messages, each followed by a commit of about 70 ms on the bench's two busy cores: the
 * survivor of a topology SIGKILL drained at 60-280 messages a second (the markers in the log of
 * {@code parley.messages.v1}: a commit every 75-80 ms, one to six messages per partition each).
 *
 * <p>A record is fresh while its timestamp (the edge's clock when it sent the command) is at most
 * {@code catchUpAfter} behind this thread's clock; a clock skew between edge and topology hosts
 * larger than that makes every record look stale, which costs latency (the long interval), never
 * correctness.
 */
public final class CommitPacer {
    private static final long NEVER = Long.MIN_VALUE;
    /** The current stream thread's commits; a commit commits all its tasks. */
    private static final ThreadLocal<ThreadCommits> THREAD = ThreadLocal.withInitial(ThreadCommits::new);

    /**
     * What one stream thread's clients know of its commits: the producer notes each commit, the main
     * consumer the records it returned since ({@link TopologyClientSupplier}). Touched by that thread only.
     */
    static final class ThreadCommits {
        /** When the last transaction commit returned (epoch ms), {@link #NEVER} before the first. */
        long lastCommit = NEVER;
        /** Whether the consumer returned records the last commit did not cover. */
        boolean uncommitted;
    }

    private final long intervalMs;
    private final long catchUpAfterMs;
    private final LongSupplier lastCommit;

    /**
     * @param interval     how long after its last commit a caught-up thread asks for the next one
     * @param catchUpAfter how far behind the thread's clock a record may be and still count as fresh
     */
    public CommitPacer(Duration interval, Duration catchUpAfter) {
        this(interval, catchUpAfter, () -> THREAD.get().lastCommit);
    }

    /** @param lastCommit when the calling thread's last commit returned, {@link Long#MIN_VALUE} if never */
    CommitPacer(Duration interval, Duration catchUpAfter, LongSupplier lastCommit) {
        this.intervalMs = interval.toMillis();
        this.catchUpAfterMs = catchUpAfter.toMillis();
        this.lastCommit = lastCommit;
    }

    /** Called on a stream thread when its producer's {@code commitTransaction()} returned. */
    static void transactionCommitted() {
        ThreadCommits t = THREAD.get();
        t.lastCommit = System.currentTimeMillis();
        t.uncommitted = false;
    }

    /** The calling stream thread's commits. */
    static ThreadCommits thread() {
        return THREAD.get();
    }

    /** {@code supplier}'s processors, each asking for commits after the records it processed. */
    public <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> paced(
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return () -> new Paced<>(supplier.get(), this);
    }

    /**
     * What one paced processor owes: the time it processed a fresh record no commit has covered yet, or
     * none. Streams checks its own interval after every loop, records or not; a record processed
     * before the interval was up is asked for later by a wall-clock punctuation, as Streams would have
     * committed it.
     */
    final class Debt {
        private final ProcessorContext<?, ?> context;
        private long owedSince = NEVER;
        private Cancellable reminder;

        Debt(ProcessorContext<?, ?> context) {
            this.context = context;
        }

        /** After a record with {@code recordTimestamp} was processed. */
        void processed(long recordTimestamp) {
            long now = context.currentSystemTimeMs();
            if (now - recordTimestamp > catchUpAfterMs) {
                return; // a backlog: Streams' own (long) interval commits it in fewer, larger transactions
            }
            long last = lastCommit.getAsLong();
            if (coveredBy(last)) {
                owedSince = now; // a commit since returned covered what was owed, not this record
            }
            settle(now, last);
        }

        /** The reminder: asks for the commit if the interval is up by now. */
        void settle(long now) {
            settle(now, lastCommit.getAsLong());
        }

        /** Asks for the commit if the interval is up; otherwise makes sure a reminder will. */
        private void settle(long now, long last) {
            if (coveredBy(last)) {
                paid(); // a commit since returned (Streams' own interval, or another task's ask)
            } else if (last == NEVER || now - last >= intervalMs) {
                context.commit();
                paid();
            } else if (reminder == null) {
                // Due when the interval is up, as Streams' own check after each loop would find.
                reminder = context.schedule(Duration.ofMillis(Math.max(1, last + intervalMs - now)),
                        PunctuationType.WALL_CLOCK_TIME, this::settle);
            }
        }

        /** Whether nothing is owed, or a commit that returned at {@code last} came after the debt began. */
        private boolean coveredBy(long last) {
            return owedSince == NEVER || (last != NEVER && last > owedSince);
        }

        private void paid() {
            owedSince = NEVER;
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
