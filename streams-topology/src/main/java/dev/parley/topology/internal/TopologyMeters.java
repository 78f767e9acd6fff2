package dev.parley.topology.internal;

import dev.parley.common.frame.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology's own meters (the Kafka Streams client metrics are bound in {@code Main}). Tag
 * values come from closed sets: the stage, and an outcome that is {@code accepted}, {@code duplicate},
 * {@code throttled}, {@code dead_letter} or the contract's {@link ErrorCode} of the refusal.
 *
 * <p>Counted when a record's plan has been applied. Under exactly-once an aborted transaction makes
 * its records processed again, so after a failover these count processing, not committed outputs.
 */
public final class TopologyMeters {
    public static final String COMMANDS = "parley.topology.commands";
    public static final String DEDUPE_HITS = "parley.topology.dedupe.hits";

    /** Stage tag values. */
    public static final String GATE = "gate";
    public static final String SEQUENCE = "sequence";

    /** Outcome tag values besides the refusal codes. */
    public static final String ACCEPTED = "accepted";
    /** A send answered from the dedupe store with its original ack (an idempotent resend). */
    public static final String DUPLICATE = "duplicate";
    /** A typing frame dropped by the per-(user, conversation) throttle, silently as the contract says. */
    public static final String THROTTLED = "throttled";
    public static final String DEAD_LETTER = "dead_letter";

    private final MeterRegistry registry;
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();
    private final Counter dedupeHits;

    public TopologyMeters(MeterRegistry registry) {
        this.registry = registry;
        this.dedupeHits = Counter.builder(DEDUPE_HITS)
                .description("sends answered from the dedupe store with the original ack (idempotent resends)")
                .register(registry);
    }

    /** The outcome tag of a refusal: the contract's code, a closed set. */
    static String refused(ErrorCode code) {
        return code.wire();
    }

    /** Whether an outcome means the command was refused or could not be processed (its hop failed). */
    static boolean failed(String outcome) {
        return !ACCEPTED.equals(outcome) && !DUPLICATE.equals(outcome) && !THROTTLED.equals(outcome);
    }

    /** One command (or unusable record) handled by {@code stage} with {@code outcome}. */
    public void command(String stage, String outcome) {
        commands.computeIfAbsent(stage + '/' + outcome, k -> Counter.builder(COMMANDS)
                .description("commands handled per topology stage, by outcome (accepted, duplicate, throttled, "
                        + "dead_letter or the refusal code)")
                .tags("stage", stage, "outcome", outcome)
                .register(registry)).increment();
        if (DUPLICATE.equals(outcome)) {
            dedupeHits.increment();
        }
    }
}
