package dev.parley.edge.internal;

import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.RedisKeys;
import dev.parley.edge.NodeChannel;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's sharded pub/sub channel ({@code SSUBSCRIBE}). Callbacks run on Lettuce's event
 * loop; the handler only enqueues to session writers. The subscription is issued again after
 * every reconnect (idempotent), whatever Lettuce restores by itself.
 */
final class RedisNodeChannel implements NodeChannel {
    private static final Logger LOG = LoggerFactory.getLogger(RedisNodeChannel.class);

    private final StatefulRedisPubSubConnection<String, String> connection;
    private final String channel;

    RedisNodeChannel(StatefulRedisPubSubConnection<String, String> connection, String nodeId) {
        this.connection = connection;
        this.channel = RedisKeys.nodeChannel(nodeId);
    }

    @Override
    public void start(Consumer<NodeEnvelope> handler) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String ch, String message) {
                if (!channel.equals(ch)) {
                    return;
                }
                NodeEnvelope envelope;
                try {
                    envelope = Json.read(message, NodeEnvelope.class);
                } catch (IllegalArgumentException e) {
                    LOG.warn("dropping unreadable envelope on {}: {}", ch, e.getMessage());
                    return;
                }
                handler.accept(envelope);
            }
        });
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
                LOG.info("redis (re)connected, subscribing to {}", channel);
                subscribe();
            }
        });
        connection.sync().ssubscribe(channel);
        LOG.info("subscribed to {}", channel);
    }

    private void subscribe() {
        connection.async().ssubscribe(channel).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("cannot subscribe to {}: {}", channel, e.toString());
            }
        });
    }

    @Override
    public void close() {
        try {
            connection.async().sunsubscribe(channel).get(Duration.ofSeconds(2).toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        connection.close();
    }
}
