package dev.parley.common.redis;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * One edge node's inbound channel ({@link RedisKeys#nodeChannel(String)}): the acks, errors and
 * deliveries routed to sessions held there. At most once: envelopes published while the node is
 * disconnected are lost. The subscriber is told when the connection is lost and when its
 * subscription is back after such a gap, so that it can make its clients catch up from history at
 * once instead of at their next message.
 */
public interface NodeSubscription extends AutoCloseable {

    /** What the subscriber hears of the connection besides messages; neither may block. */
    interface Gaps {
        /** The connection was lost at {@code at}: nothing published from now on arrives. */
        void lost(Instant at);

        /** The subscription is back after the loss at {@code lostAt}: whatever was published since is lost. */
        void back(Instant lostAt);
    }

    /**
     * Starts listening; from then on every message is passed to {@code handler} as the bytes that
     * were published (decoding is the caller's, so that a message it cannot decode can be
     * dead-lettered as it was). {@code handler} must not block (it runs on the transport's I/O
     * thread). Implementations keep the subscription across reconnects, and tell {@code gaps} each
     * time the connection is lost and each time the subscription is back.
     */
    void start(Consumer<byte[]> handler, Gaps gaps);

    @Override
    default void close() {
    }
}
