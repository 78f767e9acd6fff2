package dev.parley.sinks.internal;

import dev.parley.common.observe.Meters;
import dev.parley.sinks.internal.BatchHandler.Cause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The meters every {@link BatchWorker} has, tagged {@code stage} ({@code history} or
 * {@code router}): batch size, time to handle a batch, dead letters by reason, outage state and
 * time paused. One instance per stage and registry: Micrometer hands a second registration of the
 * same gauge back to the first.
 */
public final class StageMeters {
    /** Buckets of the batch-size histogram: up to the largest {@code sinks.max-poll-records}. */
    private static final double[] BATCH_SIZES = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000};

    private final MeterRegistry registry;
    private final String stage;
    private final DistributionSummary batchRecords;
    private final Timer write;
    private final Map<Cause, Counter> deadLetters = new EnumMap<>(Cause.class);

    /** @param stage the {@code stage} tag: {@code history} or {@code router}, never anything from a record */
    public StageMeters(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
        this.batchRecords = DistributionSummary.builder("parley.sinks.batch.records")
                .description("Records per batch handled (polled, then written or dead-lettered)")
                .baseUnit("records").serviceLevelObjectives(BATCH_SIZES).tag("stage", stage).register(registry);
        this.write = Meters.latency("parley.sinks.write",
                        "Time to handle one batch: the CQL writes (history) or presence lookups and "
                        + "Redis publishes (router), retries included")
                .tag("stage", stage).register(registry);
        // Every reason from the start, so a dashboard sees 0 rather than no series.
        for (Cause cause : Cause.values()) {
            deadLetters.put(cause, Counter.builder("parley.sinks.dead.letters")
                    .description("Records sent to parley.dead-letters.v1, by why they can never be processed")
                    .tags("stage", stage, "reason", cause.tag()).register(registry));
        }
    }

    void outage(Outage outage) {
        Gauge.builder("parley.sinks.outage", outage, o -> o.active() ? 1 : 0)
                .description("1 while the stage is paused on a dependency (CQL, Redis, Kafka), else 0")
                .tag("stage", stage).strongReference(true).register(registry);
        FunctionCounter.builder("parley.sinks.outage.paused", outage, Outage::pausedSeconds)
                .description("Total time the stage has been paused on a dependency")
                .baseUnit("seconds").tag("stage", stage).register(registry);
    }

    Timer.Sample startBatch() {
        return Timer.start(registry);
    }

    /** The batch was applied (written or published, the refused records isolated). */
    void wrote(Timer.Sample handling) {
        handling.stop(write);
    }

    /** The batch is done: applied, and what can never be is dead-lettered. */
    void handled(int records) {
        batchRecords.record(records);
    }

    void deadLettered(Cause cause) {
        deadLetters.get(cause).increment();
    }
}
