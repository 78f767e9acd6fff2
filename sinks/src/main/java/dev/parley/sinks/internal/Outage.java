package dev.parley.sinks.internal;

import dev.parley.common.text.Exceptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line when a worker's downstream store becomes unavailable and one when it is back, not one per retry. */
final class Outage {
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);

    private final String worker;
    private final Clock clock;
    private Instant since;
    private int failures;

    Outage(String worker, Clock clock) {
        this.worker = worker;
        this.clock = clock;
    }

    void failed(Throwable cause) {
        failures++;
        if (since == null) {
            since = clock.instant();
            LOG.warn("{}: downstream unavailable, pausing consumption and retrying the batch: {}", worker,
                    Exceptions.oneLine(cause));
        }
    }

    void recovered() {
        if (since != null) {
            LOG.info("{}: downstream available again after {} ms and {} failed attempts", worker,
                    Duration.between(since, clock.instant()).toMillis(), failures);
            since = null;
            failures = 0;
        }
    }
}
