package dev.parley.sinks;

import java.util.concurrent.CompletionStage;

/**
 * Sends a JSON {@code NodeEnvelope} to one edge node (in Redis: {@code SPUBLISH} on
 * {@code RedisKeys.nodeChannel(nodeId)}).
 *
 * <p>Publishes issued one after another for the same node are delivered in that order. Delivery
 * is at most once per call (a node that is not subscribed at that moment misses it); the stage
 * completes when the publish was accepted and fails when the transport is unavailable.
 */
public interface NodePublisher {

    CompletionStage<Void> publish(String nodeId, String envelopeJson);
}
