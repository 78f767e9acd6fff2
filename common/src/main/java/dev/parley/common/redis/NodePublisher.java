package dev.parley.common.redis;

import java.util.concurrent.CompletionStage;

/**
 * Sends an envelope to one edge node's channel ({@link RedisKeys#nodeChannel(String)}), as JSON.
 * The sinks' router publishes deliveries and replies this way, the edge its {@code presence}
 * frames (to its own node as to the others).
 *
 * <p>Publishes issued one after another for the same node are delivered in that order. At most
 * once: a node not subscribed at that moment misses it, which the stage tells: it completes with
 * whether the node's subscription heard the envelope (Redis counts the subscribers it handed the
 * message to; Parley's edges subscribe where it is published, the primary), and fails when the
 * transport is unavailable.
 */
public interface NodePublisher {

    /**
     * Dispatches the publish and returns at once; the stage completes with false when nobody was
     * subscribed to the node's channel (a node that is gone, or one whose subscription is not back
     * yet after a Redis restart).
     *
     * @throws IllegalArgumentException when the envelope cannot be written as JSON (a malformed string)
     */
    CompletionStage<Boolean> publish(String nodeId, NodeEnvelope envelope);
}
