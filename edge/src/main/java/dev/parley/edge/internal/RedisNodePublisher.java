package dev.parley.edge.internal;

import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.RedisKeys;
import dev.parley.edge.NodePublisher;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CompletionStage;

/**
 * {@link NodePublisher} with {@code SPUBLISH} on the commands connection (the node channel's own
 * connection is subscribed and does not send commands). One connection keeps the issue order.
 */
final class RedisNodePublisher implements NodePublisher {
    private final StatefulRedisConnection<String, String> connection;

    RedisNodePublisher(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    @Override
    public CompletionStage<Void> publish(String nodeId, NodeEnvelope envelope) {
        return connection.async().spublish(RedisKeys.nodeChannel(nodeId), Json.write(envelope))
                .thenApply(receivers -> (Void) null);
    }
}
