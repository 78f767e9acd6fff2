package dev.parley.sinks.it;

import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An edge node as the router sees it: subscribed to its sharded channel, keeping every envelope. */
public final class NodeChannelProbe implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final List<NodeEnvelope> envelopes = new CopyOnWriteArrayList<>();

    public NodeChannelProbe(String redisUri, String nodeId) {
        client = RedisClient.create(redisUri);
        connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
                envelopes.add(Json.read(message, NodeEnvelope.class));
            }
        });
        connection.sync().ssubscribe(RedisKeys.nodeChannel(nodeId));
    }

    public List<NodeEnvelope> envelopes() {
        return List.copyOf(envelopes);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
