package dev.parley.auth.internal;

import dev.parley.auth.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox meters: entries relayed, and the backlog (entries waiting, age of the oldest). The
 * backlog is read by the relay's own thread at most every {@link #MEASURE_EVERY}, never by a
 * scrape, so a scraper cannot load the database. Between two readings the oldest entry's age keeps
 * growing with the clock: a relay that is stuck shows a rising age, not a frozen one.
 */
public final class OutboxMeters {
    static final Duration MEASURE_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxMeters.class);

    private final Outbox outbox;
    private final Clock clock;
    private final Counter relayed;
    private volatile Outbox.Backlog last = Outbox.Backlog.EMPTY;
    private Instant measuredAt;

    public OutboxMeters(Outbox outbox, MeterRegistry registry, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
        this.relayed = Counter.builder("parley.auth.outbox.relayed")
                .description("Outbox entries published to Kafka (at least once: a retried batch counts again)")
                .register(registry);
        Gauge.builder("parley.auth.outbox.backlog", this, m -> m.last.entries())
                .description("Outbox entries not yet published to Kafka (read every 5 s)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("parley.auth.outbox.oldest.age", this, OutboxMeters::oldestAgeSeconds)
                .description("Age of the oldest outbox entry not yet published; 0 when there is none")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** {@code n} entries were acknowledged by Kafka. */
    void relayed(int n) {
        relayed.increment(n);
    }

    /** Reads the backlog unless it was read less than {@link #MEASURE_EVERY} ago; never throws. */
    void measureIfDue() {
        Instant now = clock.instant();
        if (measuredAt != null && now.isBefore(measuredAt.plus(MEASURE_EVERY))) {
            return;
        }
        measuredAt = now;
        measure();
    }

    /** Reads the backlog now; when the outbox cannot be read the last reading stays (the relay logs the outage). */
    void measure() {
        try {
            last = outbox.backlog();
        } catch (RuntimeException e) {
            LOG.debug("cannot read the outbox backlog: {}", e.toString());
        }
    }

    double oldestAgeSeconds() {
        return last.oldest()
                .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis()) / 1000.0)
                .orElse(0.0);
    }
}
