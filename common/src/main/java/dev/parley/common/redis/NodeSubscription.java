package dev.parley.common.redis;

import java.util.function.Consumer;

/**
 * One edge node's inbound channel ({@link RedisKeys#nodeChannel(String)}): the acks, errors and
 * deliveries routed to sessions held there. At most once: envelopes published while the node is
 * disconnected are lost; clients catch up from history.
 */
public interface NodeSubscription extends AutoCloseable {

    /**
     * Starts listening; from then on every message is passed to {@code handler} as the bytes that
     * were published (decoding is the caller's, so that a message it cannot decode can be
     * dead-lettered as it was). {@code handler} must not block (it runs on the transport's I/O
     * thread). Implementations keep the subscription across reconnects.
     */
    void start(Consumer<byte[]> handler);

    @Override
    default void close() {
    }
}
