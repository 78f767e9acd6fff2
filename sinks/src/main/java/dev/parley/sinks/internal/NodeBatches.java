package dev.parley.sinks.internal;

import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The envelopes one router batch has for each node, gathered so that each node gets them in one
 * publish ({@link NodePublisher#MAX_ENVELOPES} at most) instead of one each: a publish costs a
 * command, a reply and a wake-up on the router, in Redis and on the edge, whatever it carries. Envelopes
 * keep their order within a node; a full node's publish goes out at once, the rest at {@link #flush}.
 *
 * <p>Each envelope is marked sent when its publish succeeds, so a retried batch publishes only
 * what failed. Used by one {@code apply} at a time.
 */
final class NodeBatches {
    private record Item(Route.Envelope envelope, NodeEnvelope traced, Counter routed) {
    }

    private static final class Open {
        final List<Item> items = new ArrayList<>();
        /** Completes with its publish: issued, or abandoned unissued. */
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    private final NodePublisher publisher;
    private final UnheardRetries unheard;
    private final MeterRegistry meters;
    private final Timer publishLatency;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> issued = new ArrayList<>();

    NodeBatches(NodePublisher publisher, UnheardRetries unheard, MeterRegistry meters, Timer publishLatency) {
        this.publisher = publisher;
        this.unheard = unheard;
        this.meters = meters;
        this.publishLatency = publishLatency;
    }

    /**
     * Adds an envelope to its node's next publish.
     *
     * @return completes when that publish has (and the envelope is marked sent), or fails with it
     * @throws IllegalArgumentException when the node's publish, full, was refused (an envelope JSON cannot carry)
     */
    CompletableFuture<Void> add(String nodeId, Route.Envelope envelope, NodeEnvelope traced, Counter routed) {
        Open batch = open.computeIfAbsent(nodeId, n -> new Open());
        batch.items.add(new Item(envelope, traced, routed));
        if (batch.items.size() == NodePublisher.MAX_ENVELOPES) {
            open.remove(nodeId);
            publish(nodeId, batch);
        }
        return batch.done;
    }

    /** Publishes what every node has left, in the order the nodes were first added to. */
    void flush() {
        while (!open.isEmpty()) {
            String nodeId = open.keySet().iterator().next();
            publish(nodeId, open.remove(nodeId));
        }
    }

    /** The batch failed before its end: what was not published fails with {@code cause}, unsent. */
    void abandon(Throwable cause) {
        open.values().forEach(b -> b.done.completeExceptionally(cause));
        open.clear();
    }

    /** The publishes issued so far. */
    List<CompletableFuture<Void>> issued() {
        return issued;
    }

    private void publish(String nodeId, Open batch) {
        List<NodeEnvelope> envelopes = batch.items.stream().map(Item::traced).toList();
        Timer.Sample sample = Timer.start(meters);
        CompletableFuture<Void> publish;
        try {
            publish = publisher.publish(nodeId, envelopes).toCompletableFuture()
                    .whenComplete((heard, e) -> sample.stop(publishLatency))
                    .thenAccept(heard -> sent(nodeId, batch, heard));
        } catch (RuntimeException e) {
            batch.done.completeExceptionally(e);
            throw e;
        }
        publish.whenComplete((ok, e) -> {
            if (e != null) {
                batch.done.completeExceptionally(e);
            } else {
                batch.done.complete(null);
            }
        });
        issued.add(publish);
    }

    private void sent(String nodeId, Open batch, boolean heard) {
        for (Item item : batch.items) {
            item.envelope().sent();
            item.routed().increment();
        }
        if (heard) {
            unheard.heard(nodeId);
        } else {
            batch.items.forEach(item -> unheard.unheard(nodeId, item.traced()));
        }
    }
}
