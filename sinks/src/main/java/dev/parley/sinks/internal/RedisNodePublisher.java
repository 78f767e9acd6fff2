package dev.parley.sinks.internal;

import dev.parley.common.redis.RedisKeys;
import dev.parley.sinks.NodePublisher;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletionStage;

/**
 * {@link NodePublisher} with {@code SPUBLISH} on the node's sharded channel. All publishes go
 * over one connection, which keeps the order in which they were issued.
 */
public final class RedisNodePublisher implements NodePublisher {
    private final RedisAsyncCommands<String, String> redis;

    public RedisNodePublisher(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Void> publish(String nodeId, String envelopeJson) {
        return redis.spublish(RedisKeys.nodeChannel(nodeId), envelopeJson).thenApply(receivers -> null);
    }
}
