package dev.parley.auth.internal;

import dev.parley.auth.MembershipPublisher;
import dev.parley.auth.Outbox;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outbox entries to Kafka: on a virtual thread, drains every pending batch, then waits
 * for a wake-up (a PostgreSQL NOTIFY) or the poll interval. A failure (Kafka or the database
 * down) leaves the batch unpublished and backs off; the same entries go out again later, so
 * delivery is at least once, and a restarted relay resumes from the first unpublished entry.
 * The same thread keeps the {@link OutboxMeters} backlog reading fresh.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Blocks until new outbox entries may exist or {@code max} has passed. */
    @FunctionalInterface
    public interface Wakeup {
        void await(Duration max) throws InterruptedException;

        /** Plain polling. */
        static Wakeup sleep() {
            return max -> Thread.sleep(max);
        }
    }

    private final Outbox outbox;
    private final MembershipPublisher publisher;
    private final Wakeup wakeup;
    private final int batchSize;
    private final Duration pollInterval;
    private final OutboxMeters meters;
    private volatile boolean running;
    private volatile Thread thread;

    public OutboxRelay(Outbox outbox, MembershipPublisher publisher, Wakeup wakeup, int batchSize,
                       Duration pollInterval, OutboxMeters meters) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.wakeup = wakeup;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.meters = meters;
    }

    /**
     * Publishes batches until none is pending.
     *
     * @return how many entries were published
     * @throws RuntimeException from the outbox or the publisher; earlier batches stay published
     */
    public int drain() {
        int total = 0;
        int n;
        do {
            n = outbox.publishPending(batchSize, publisher::publish);
            meters.relayed(n);
            total += n;
        } while (n > 0 && running());
        return total;
    }

    private boolean running() {
        return thread == null || running;
    }

    public synchronized void start() {
        running = true;
        thread = Thread.ofVirtual().name("outbox-relay").start(this::loop);
    }

    /** Liveness: the relay's thread runs (it ends only on {@link #close()} or an Error). */
    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void loop() {
        Duration backoff = Duration.ZERO;
        while (running) {
            try {
                meters.measureIfDue();
                if (backoff.isZero()) {
                    drain();
                    wakeup.await(pollInterval);
                } else {
                    Thread.sleep(backoff);
                    drain();
                    LOG.info("outbox relay recovered");
                    backoff = Duration.ZERO;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    // close() interrupted a batch: it stays unpublished and the next relay sends it.
                    return;
                }
                backoff = backoff.isZero() ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), MAX_BACKOFF);
                LOG.warn("outbox relay failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
