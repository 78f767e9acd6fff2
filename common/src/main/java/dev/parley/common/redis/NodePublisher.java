package dev.parley.common.redis;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Sends envelopes to one edge node's channel ({@link RedisKeys#nodeChannel(String)}), as JSON
 * ({@link NodeWire}: several in one publish are handled in their order).
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
    /** Envelopes in one publish, at most: a batch's worth for a busy node, a few tens of kilobytes. */
    int MAX_ENVELOPES = 64;

    /**
     * Dispatches one publish of up to {@link #MAX_ENVELOPES} envelopes and returns at once; the
     * stage completes with false when nobody was subscribed to the node's channel (a node that is
     * gone, or one whose subscription is not back yet after a Redis restart): then none was heard.
     *
     * @throws IllegalArgumentException when there are none or too many, or one cannot be written as
     *                                  JSON (a malformed string)
     */
    CompletionStage<Boolean> publish(String nodeId, List<NodeEnvelope> envelopes);

    /** One envelope alone. */
    default CompletionStage<Boolean> publish(String nodeId, NodeEnvelope envelope) {
        return publish(nodeId, List.of(envelope));
    }

    /** @throws IllegalArgumentException when a publish may not carry that many envelopes */
    static void checkCount(List<NodeEnvelope> envelopes) {
        if (envelopes.isEmpty() || envelopes.size() > MAX_ENVELOPES) {
            throw new IllegalArgumentException(envelopes.size() + " envelopes in one publish (1 to "
                    + MAX_ENVELOPES + ")");
        }
    }
}
