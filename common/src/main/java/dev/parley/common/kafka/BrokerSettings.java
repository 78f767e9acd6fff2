package dev.parley.common.kafka;

import java.util.Map;

/**
 * Broker properties Parley's failover relies on, set on every broker Parley sets up: the local
 * stack's ({@code infra}), the compose files' and the MSK configuration of {@code terraform/};
 * tests of each compare theirs with this one list.
 *
 * <p>Kafka's defaults let a crashed consumer hold its partitions for at least 6 s (the smallest
 * session timeout a broker accepts) and a crashed transactional producer's open transaction hold
 * back every read_committed reader of the partitions it wrote until the broker's next scan for
 * timed-out transactions, every 10 s. The topology's and the sinks' session timeouts and the
 * topology's transaction timeout ({@code topology.session-timeout}, {@code sinks.session-timeout},
 * {@code topology.transaction-timeout}) can go below those only on a broker that allows it. A streams
 * group (the topology under {@code topology.group-protocol=streams}) has limits of its own, 45 s and 5 s by default, that the
 * topology's group configs must respect.
 *
 * <p>A broker that becomes coordinator of a group or a transactional id (at its start, or when it
 * takes over a partition of {@code __consumer_offsets} or {@code __transaction_state}) reads that
 * partition whole before it answers the group's or the producer's requests. Only closed segments are
 * compacted, and Kafka's segments hold 100 MB, so the topology's offset commits (one per task with
 * every transaction) piled up unread: a restarted broker of the bench read 68,813 records in 1.5 s
 * and one topology instance dropped out of its group meanwhile. With 1 MB segments it read 13,381
 * in 0.3 s. These two apply when the internal topics are created; docs/operations.md says how to set
 * them on topics that exist.
 *
 * <p>A transactional producer's first write after a commit reaches a partition leader while the
 * coordinator may still be writing the last transaction's markers; the leader then retries adding the
 * partition to the new transaction, every 20 ms by Kafka's default, for up to 100 ms, before it returns
 * {@code CONCURRENT_TRANSACTIONS} and the producer retries after its own backoff. On one broker the
 * markers are written within a few ms; on a replicated cluster each marker waits for its followers, and
 * with the topology committing every 10 ms nearly every transaction paid those 20 ms steps: delivery p50
 * 103 ms at 50 msgs/s on three brokers (bench, 2026-12-06), 29 ms with retries every 2 ms and the
 * topology's producer retrying after 10 ms. Not settable on MSK (terraform/ leaves it out).
 */
public final class BrokerSettings {
    /** The smallest session timeout the broker accepts, in ms (Kafka's default: 6000). */
    public static final String MIN_SESSION_TIMEOUT = "group.min.session.timeout.ms";
    /**
     * How often the broker aborts transactions past their timeout, in ms (Kafka's default: 10000). 250
     * here: a SIGKILLed topology instance's transaction is then rolled back right after its group member
     * expires (bench, three brokers: 2.3 s after the kill, against 3.0 s with a scan every second).
     */
    public static final String ABORT_SCAN_INTERVAL = "transaction.abort.timed.out.transaction.cleanup.interval.ms";

    /** The smallest session timeout a streams group may be given, in ms (Kafka's default: 45000). */
    public static final String STREAMS_MIN_SESSION_TIMEOUT = "group.streams.min.session.timeout.ms";
    /** The shortest heartbeat interval a streams group may be given, in ms (Kafka's default: 5000). */
    public static final String STREAMS_MIN_HEARTBEAT_INTERVAL = "group.streams.min.heartbeat.interval.ms";

    /** How often a leader retries adding a partition to a transaction still completing, in ms (Kafka's default: 20). */
    public static final String ADD_PARTITIONS_RETRY_BACKOFF = "add.partitions.to.txn.retry.backoff.ms";

    /** The segment size of {@code __consumer_offsets}, in bytes (Kafka's default: 100 MB). */
    public static final String OFFSETS_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    /** The segment size of {@code __transaction_state}, in bytes (Kafka's default: 100 MB). */
    public static final String TRANSACTION_LOG_SEGMENT_BYTES = "transaction.state.log.segment.bytes";

    /** Each property with its value. */
    public static final Map<String, String> FAILOVER = Map.of(
            MIN_SESSION_TIMEOUT, "1000",
            ABORT_SCAN_INTERVAL, "250",
            OFFSETS_SEGMENT_BYTES, "1048576",
            TRANSACTION_LOG_SEGMENT_BYTES, "1048576",
            STREAMS_MIN_SESSION_TIMEOUT, "1000",
            STREAMS_MIN_HEARTBEAT_INTERVAL, "250",
            ADD_PARTITIONS_RETRY_BACKOFF, "2");

    private BrokerSettings() {
    }
}
