package dev.parley.sinks.internal;

import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.service.Timer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes again, a little later, an envelope that reached no subscriber, without holding the
 * router's batch. After a Redis restart the router's retries and an edge's reconnect race: in the
 * bench's Redis fault a router was publishing again up to 0.9 s before the edge holding every
 * session had subscribed again, and what it published meanwhile (acks among it) was heard by
 * nobody; only the edge's catch-up from history found it, up to 12.5 s later. Redis tells when that
 * happens (SPUBLISH returns how many subscribers got the message), so such an envelope is tried
 * again after {@link #DELAYS}, longer than an edge's reconnect delay, until one hears it.
 *
 * <p>A node that never hears (it is gone: its users' presence outlives it by the presence TTL) is
 * given up once one envelope has used every attempt; later envelopes to it are dropped at once,
 * as before, until a publish to it is heard again. Envelopes waiting are bounded by
 * {@link #MAX_WAITING}. A late message frame is dropped by the edge's seq gate when a later one of
 * its conversation got there first, and the client fetches the gap from history as after any jump.
 */
public final class UnheardRetries {
    private static final Logger LOG = LoggerFactory.getLogger(UnheardRetries.class);
    /** Between attempts: an edge reconnects at most {@code RedisClients.RECONNECT_MAX} (1 s) apart. */
    static final List<Duration> DELAYS = List.of(Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    /** Envelopes waiting for another attempt, at most: about a minute of a busy router's output. */
    static final int MAX_WAITING = 10_000;

    private final NodePublisher publisher;
    private final Timer timer;
    /** Nodes an envelope used every attempt on; cleared by the next publish one of them hears. */
    private final Set<String> givenUp = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter heardLater;
    private final Counter dropped;

    public UnheardRetries(NodePublisher publisher, Timer timer, MeterRegistry meters) {
        this.publisher = publisher;
        this.timer = timer;
        this.heardLater = outcome(meters, "heard");
        this.dropped = outcome(meters, "dropped");
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("parley.sinks.unheard")
                .description("Envelopes no subscriber heard when first published, by what became of them")
                .tag("outcome", outcome).register(meters);
    }

    /** A publish to {@code nodeId} was heard: the node is there. */
    void heard(String nodeId) {
        if (givenUp.remove(nodeId)) {
            LOG.info("edge node {} hears its channel again", nodeId);
        }
    }

    /** {@code envelope} reached no subscriber of {@code nodeId}'s channel: try again later, unless given up on. */
    void unheard(String nodeId, NodeEnvelope envelope) {
        if (givenUp.contains(nodeId)) {
            dropped.increment();
            return;
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            dropped.increment();
            return;
        }
        later(nodeId, envelope, 0);
    }

    private void later(String nodeId, NodeEnvelope envelope, int attempt) {
        try {
            timer.schedule(DELAYS.get(attempt), () -> attempt(nodeId, envelope, attempt));
        } catch (RejectedExecutionException e) {
            done(dropped); // shutting down
        }
    }

    private void attempt(String nodeId, NodeEnvelope envelope, int attempt) {
        if (givenUp.contains(nodeId)) {
            done(dropped);
            return;
        }
        publisher.publish(nodeId, envelope).whenComplete((heard, e) -> {
            if (e == null && heard) {
                heard(nodeId);
                done(heardLater);
            } else if (attempt + 1 < DELAYS.size()) {
                later(nodeId, envelope, attempt + 1);
            } else {
                if (e == null && givenUp.add(nodeId)) {
                    LOG.info("edge node {} has not heard its channel for {} ms: dropping what reaches nobody there",
                            nodeId, DELAYS.stream().mapToLong(Duration::toMillis).sum());
                }
                done(dropped);
            }
        });
    }

    private void done(Counter outcome) {
        waiting.decrementAndGet();
        outcome.increment();
    }
}
