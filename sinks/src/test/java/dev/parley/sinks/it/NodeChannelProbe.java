package dev.parley.sinks.it;

import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodeWire;
import dev.parley.common.redis.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An edge node as the router sees it: subscribed to its sharded channel, keeping every envelope. */
public final class NodeChannelProbe implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, byte[]> connection;
    private final List<NodeEnvelope> envelopes = new CopyOnWriteArrayList<>();
    private final AtomicInteger publishes = new AtomicInteger();

    public NodeChannelProbe(String redisUri, String nodeId) {
        client = RedisClient.create(redisUri);
        connection = client.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, byte[] message) {
                envelopes.addAll(NodeWire.read(message));
                publishes.incrementAndGet();
            }
        });
        connection.sync().ssubscribe(RedisKeys.nodeChannel(nodeId));
    }

    public List<NodeEnvelope> envelopes() {
        return List.copyOf(envelopes);
    }

    /** How many publishes carried them. */
    public int publishes() {
        return publishes.get();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
