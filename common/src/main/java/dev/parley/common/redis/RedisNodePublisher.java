package dev.parley.common.redis;

import dev.parley.common.json.Json;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CompletionStage;

/**
 * {@link NodePublisher} with {@code SPUBLISH} on the node's sharded channel, over one commands
 * connection (a subscribed connection cannot send commands), which keeps the issue order.
 */
public final class RedisNodePublisher implements NodePublisher {
    private final StatefulRedisConnection<String, String> connection;

    public RedisNodePublisher(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    @Override
    public CompletionStage<Boolean> publish(String nodeId, NodeEnvelope envelope) {
        return connection.async().spublish(RedisKeys.nodeChannel(nodeId), Json.write(envelope))
                .thenApply(receivers -> receivers > 0);
    }
}
