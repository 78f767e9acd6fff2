package dev.parley.sinks.internal.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.parley.sinks.SinksConfig;
import java.time.Duration;

/** Opens the CQL session of the history writer. */
public final class CqlSessions {
    /** Requests the throttler may queue behind the in-flight limit; past it a batch attempt fails and is retried. */
    static final int MAX_QUEUED_REQUESTS = 1_000_000;

    private static final Duration RECONNECT_BASE = Duration.ofMillis(500);

    private CqlSessions() {
    }

    /**
     * Connects to the keyspace. All statements are idempotent (so the driver may retry them), run
     * at LOCAL_QUORUM, time out after {@code sinks.request-timeout}, and at most
     * {@code sinks.max-in-flight} run at once (the rest wait in the driver's throttler queue
     * without blocking the caller). While a node is down the driver tries to reconnect after
     * 500 ms, doubling up to {@code sinks.backoff.max}.
     *
     * @throws com.datastax.oss.driver.api.core.AllNodesFailedException when no contact point answers
     */
    public static CqlSession open(SinksConfig config) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
                .withString(DefaultDriverOption.REQUEST_THROTTLER_CLASS, "ConcurrencyLimitingRequestThrottler")
                .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS, config.maxInFlight())
                .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, MAX_QUEUED_REQUESTS)
                // The driver's default reconnection backoff grows to 60 s: after a long outage the
                // writer would sit idle up to a minute after the store is back. Cap it like our own backoff.
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, RECONNECT_BASE.compareTo(
                        config.backoffMax()) < 0 ? RECONNECT_BASE : config.backoffMax())
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, config.backoffMax())
                .build();
        return config.cql().configure(CqlSession.builder())
                .addContactPoints(config.cqlContactPoints())
                .withLocalDatacenter(config.cqlLocalDatacenter())
                .withKeyspace(config.cqlKeyspace())
                .withApplicationName("parley-sinks")
                .withConfigLoader(loader)
                .build();
    }
}
