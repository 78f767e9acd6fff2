package dev.parley.sinks.fakes;

import dev.parley.sinks.NodePublisher;
import io.lettuce.core.RedisConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link NodePublisher} that records what was published, in order, for unit tests. */
public final class InMemoryNodePublisher implements NodePublisher {
    /** One publish: the node and the envelope JSON. */
    public record Published(String nodeId, String json) {
    }

    private final List<Published> published = new ArrayList<>();
    private final List<Published> attempts = new ArrayList<>();
    private int failuresLeft;
    private java.util.function.Predicate<Published> failing = p -> false;

    /** The next {@code n} publishes fail (and are not recorded) as an unreachable Redis would. */
    public synchronized void failNext(int n) {
        failuresLeft = n;
    }

    /** Publishes matching {@code failing} fail (until it is changed), as if that node's shard were unreachable. */
    public synchronized void failWhen(java.util.function.Predicate<Published> failing) {
        this.failing = failing;
    }

    @Override
    public synchronized CompletionStage<Void> publish(String nodeId, String envelopeJson) {
        Published p = new Published(nodeId, envelopeJson);
        attempts.add(p);
        if (failing.test(p)) {
            return CompletableFuture.failedFuture(new RedisConnectionException("in-memory node " + nodeId + " unreachable"));
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            return CompletableFuture.failedFuture(new RedisConnectionException("in-memory publisher unavailable"));
        }
        published.add(p);
        return CompletableFuture.completedFuture(null);
    }

    /** What went out, in order. */
    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    /** Every publish tried, failed ones included. */
    public synchronized List<Published> attempts() {
        return List.copyOf(attempts);
    }
}
