package dev.parley.testkit.fakes;

import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.NodeSubscription;
import io.lettuce.core.RedisConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every node's channel in memory, the counterpart of {@code RedisNodePublisher} and
 * {@code RedisNodeSubscription}: a publish is written as JSON (so an envelope Redis could not carry
 * fails here too), recorded, and handed as bytes to the node's subscription if one is started.
 * Failures are those of an unreachable Redis (Lettuce's exception), so callers classify them as in
 * production.
 */
public final class InMemoryNodeChannels implements NodePublisher {
    /** One publish: the channel's node and the envelope. */
    public record Published(String nodeId, NodeEnvelope envelope) {
    }

    // Guarded by this (not copy-on-write: a fuzz campaign publishes hundreds of thousands).
    private final List<Published> published = new ArrayList<>();
    private final List<Published> attempts = new ArrayList<>();
    private final Map<String, Consumer<byte[]>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, NodeSubscription.Gaps> gapListeners = new ConcurrentHashMap<>();
    /** Nodes whose subscription is down, since when: what is published to them is lost, as in Redis pub/sub. */
    private final Map<String, Instant> down = new ConcurrentHashMap<>();
    private int failuresLeft;
    private Predicate<Published> failing = p -> false;

    /** The channel of {@code nodeId}: once started, every publish to that node reaches its handler. */
    public NodeSubscription subscription(String nodeId) {
        return new NodeSubscription() {
            @Override
            public void start(Consumer<byte[]> handler, Gaps gaps) {
                subscribers.put(nodeId, handler);
                gapListeners.put(nodeId, gaps);
            }

            @Override
            public void close() {
                subscribers.remove(nodeId);
                gapListeners.remove(nodeId);
            }
        };
    }

    /** The node's subscription drops at {@code at} (Redis went away): publishes to it succeed but reach nobody (false). */
    public void disconnect(String nodeId, Instant at) {
        NodeSubscription.Gaps gaps = gapListeners.get(nodeId);
        if (down.putIfAbsent(nodeId, at) == null && gaps != null) {
            gaps.lost(at);
        }
    }

    /** The node's subscription is back: it hears of the gap, as after a reconnect. */
    public void reconnect(String nodeId) {
        Instant since = down.remove(nodeId);
        NodeSubscription.Gaps gaps = gapListeners.get(nodeId);
        if (gaps != null && since != null) {
            gaps.back(since);
        }
    }

    /** The next {@code n} publishes fail (and are not recorded) as an unreachable Redis would. */
    public synchronized void failNext(int n) {
        failuresLeft = n;
    }

    /** Publishes matching {@code failing} fail (until it is changed), as if that node's shard were unreachable. */
    public synchronized void failWhen(Predicate<Published> failing) {
        this.failing = failing;
    }

    @Override
    public CompletionStage<Boolean> publish(String nodeId, NodeEnvelope envelope) {
        byte[] wire = Json.writeBytes(envelope);
        Published p = new Published(nodeId, envelope);
        synchronized (this) {
            attempts.add(p);
            if (failing.test(p)) {
                return CompletableFuture.failedFuture(new RedisConnectionException("in-memory node " + nodeId + " unreachable"));
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                return CompletableFuture.failedFuture(new RedisConnectionException("in-memory publisher unavailable"));
            }
            published.add(p);
        }
        Consumer<byte[]> subscriber = subscribers.get(nodeId);
        if (subscriber != null && !down.containsKey(nodeId)) {
            subscriber.accept(wire);
            return CompletableFuture.completedFuture(true);
        }
        return CompletableFuture.completedFuture(false);
    }

    /** What went out, in order. */
    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    /** What went out after the first {@code from}, in order. */
    public synchronized List<Published> publishedSince(int from) {
        return List.copyOf(published.subList(from, published.size()));
    }

    /** Every publish tried, failed ones included. */
    public synchronized List<Published> attempts() {
        return List.copyOf(attempts);
    }

    /** Counts without copying, for callers that ask after every input. */
    public synchronized int publishedCount() {
        return published.size();
    }

    public synchronized int attemptCount() {
        return attempts.size();
    }
}
