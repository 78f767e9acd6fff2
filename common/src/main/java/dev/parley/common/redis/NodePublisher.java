package dev.parley.common.redis;

import java.util.concurrent.CompletionStage;

/**
 * Sends an envelope to one edge node's channel ({@link RedisKeys#nodeChannel(String)}), as JSON.
 * The sinks' router publishes deliveries and replies this way, the edge its {@code presence}
 * frames (to its own node as to the others).
 *
 * <p>Publishes issued one after another for the same node are delivered in that order. At most
 * once: a node not subscribed at that moment misses it. The stage completes when the publish was
 * accepted and fails when the transport is unavailable.
 */
public interface NodePublisher {

    /**
     * Dispatches the publish and returns at once.
     *
     * @throws IllegalArgumentException when the envelope cannot be written as JSON (a malformed string)
     */
    CompletionStage<Void> publish(String nodeId, NodeEnvelope envelope);
}
