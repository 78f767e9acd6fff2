package dev.parley.sinks.internal;

import dev.parley.common.text.Exceptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a worker is paused on a dependency, since when, and for how long in total. Logs one line
 * when a worker's downstream store becomes unavailable and one when it is back, not one per retry.
 * Written by the worker's thread, read by health checks and meter scrapes (hence synchronized).
 */
final class Outage {
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);

    private final String worker;
    private final Clock clock;
    private Instant since;
    private int failures;
    private String cause;
    /** Time paused in outages that are over. */
    private Duration pausedBefore = Duration.ZERO;

    Outage(String worker, Clock clock) {
        this.worker = worker;
        this.clock = clock;
    }

    synchronized void failed(Throwable failure) {
        failures++;
        cause = Exceptions.oneLine(failure);
        if (since == null) {
            since = clock.instant();
            LOG.warn("{}: downstream unavailable, pausing consumption and retrying the batch: {}", worker, cause);
        }
    }

    synchronized void recovered() {
        if (since != null) {
            Duration lasted = Duration.between(since, clock.instant());
            pausedBefore = pausedBefore.plus(lasted);
            LOG.info("{}: downstream available again after {} ms and {} failed attempts", worker,
                    lasted.toMillis(), failures);
            since = null;
            failures = 0;
            cause = null;
        }
    }

    synchronized boolean active() {
        return since != null;
    }

    /** What readiness says while paused: since when, and the last failure. */
    synchronized String describe() {
        return since == null ? "no outage" : "paused since " + since + " after " + failures
                + " failed attempts: " + (cause.length() > 200 ? cause.substring(0, 200) : cause);
    }

    /** Total time paused, the current outage included. */
    synchronized double pausedSeconds() {
        Duration total = since == null ? pausedBefore : pausedBefore.plus(Duration.between(since, clock.instant()));
        return total.toNanos() / 1e9;
    }
}
