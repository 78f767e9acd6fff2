package dev.parley.edge;

import dev.parley.common.redis.NodeEnvelope;
import java.util.function.Consumer;

/**
 * This node's inbound channel ({@code RedisKeys.nodeChannel(nodeId)}): acks, errors and deliveries
 * the sinks route to sessions held here. At-most-once: envelopes published while the node is
 * disconnected are lost; clients catch up from history.
 */
public interface NodeChannel extends AutoCloseable {

    /**
     * Starts listening; from then on every envelope is passed to {@code handler}, which must not
     * block (it runs on the transport's I/O thread). Implementations keep the subscription across
     * reconnects.
     */
    void start(Consumer<NodeEnvelope> handler);

    @Override
    default void close() {
    }
}
