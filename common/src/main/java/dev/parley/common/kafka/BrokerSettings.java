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
 * {@code topology.transaction-timeout}) can go below those only on a broker that allows it.
 */
public final class BrokerSettings {
    /** The smallest session timeout the broker accepts, in ms (Kafka's default: 6000). */
    public static final String MIN_SESSION_TIMEOUT = "group.min.session.timeout.ms";
    /** How often the broker aborts transactions past their timeout, in ms (Kafka's default: 10000). */
    public static final String ABORT_SCAN_INTERVAL = "transaction.abort.timed.out.transaction.cleanup.interval.ms";

    /** Each property with its value. */
    public static final Map<String, String> FAILOVER = Map.of(
            MIN_SESSION_TIMEOUT, "1000",
            ABORT_SCAN_INTERVAL, "1000");

    private BrokerSettings() {
    }
}
