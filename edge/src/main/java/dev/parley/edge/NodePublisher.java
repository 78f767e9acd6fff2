package dev.parley.edge;

import dev.parley.common.redis.NodeEnvelope;
import java.util.concurrent.CompletionStage;

/**
 * Sends an envelope to one edge node's channel ({@code RedisKeys.nodeChannel(nodeId)}), in the
 * format the sinks' delivery router uses: the edge publishes {@code presence} frames this way,
 * to its own node as to the others. At most once: a node not subscribed at that moment misses it.
 */
public interface NodePublisher {

    /** Dispatches the publish and returns at once; the stage fails when the transport is unavailable. */
    CompletionStage<Void> publish(String nodeId, NodeEnvelope envelope);
}
