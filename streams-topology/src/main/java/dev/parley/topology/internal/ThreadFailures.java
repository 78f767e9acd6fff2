package dev.parley.topology.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's failure does to the client: the thread is replaced, unless threads have
 * failed {@link #MAX_REPLACEMENTS} times within {@link #WINDOW}, and then the client shuts down (the
 * service exits for its supervisor to start it again).
 *
 * <p>A stream thread owns its transactional producer, and a producer the brokers turned against
 * fails the thread: on three brokers, 90 s after a fresh start, both threads of the bench's only
 * topology instance met {@code OUT_OF_ORDER_SEQUENCE_NUMBER} on changelog partitions, their commits
 * failed with {@code InvalidTxnStateException}, and the client shut down for good: nothing was
 * processed for the rest of the run (docs/performance.md, "A topology that died of a producer
 * error"). A new thread has a new producer; its tasks start again from their last committed offsets,
 * and what the failed transaction wrote is aborted, never read by a read_committed reader, so
 * replacing the thread keeps exactly-once. A failure that comes back at once is not the brokers': a
 * record no processor can take goes to the dead-letter topic before it can fail a thread, so what
 * fails a thread three times in ten minutes is left to the supervisor.
 */
public final class ThreadFailures implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailures.class);
    /** Replacements allowed within {@link #WINDOW}; the next failure shuts the client down. */
    public static final int MAX_REPLACEMENTS = 3;
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final int maxReplacements;
    private final long windowMs;
    /** When each replacement within the window was made, oldest first (epoch ms). */
    private final Deque<Long> replaced = new ArrayDeque<>();

    public ThreadFailures(Clock clock) {
        this(clock, MAX_REPLACEMENTS, WINDOW);
    }

    public ThreadFailures(Clock clock, int maxReplacements, Duration window) {
        this.clock = clock;
        this.maxReplacements = maxReplacements;
        this.windowMs = window.toMillis();
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
        long now = clock.millis();
        while (!replaced.isEmpty() && now - replaced.peekFirst() >= windowMs) {
            replaced.removeFirst();
        }
        if (replaced.size() >= maxReplacements) {
            LOG.error("stream thread failed; {} replaced within {} s already, shutting down", replaced.size(),
                    windowMs / 1000, failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replaced.addLast(now);
        LOG.error("stream thread failed; replacing it ({} of {} within {} s)", replaced.size(), maxReplacements,
                windowMs / 1000, failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
