package dev.parley.common.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeSubscription} on the node's sharded pub/sub channel ({@code SSUBSCRIBE}). Messages are
 * read as raw bytes (the channel name as UTF-8), so that one which is not valid UTF-8 reaches the
 * dead-letter topic as it was published. Callbacks run on Lettuce's event loop. The subscription
 * is issued again after every reconnect (idempotent), whatever Lettuce restores by itself, and once
 * Redis has confirmed it the subscriber hears of the gap.
 */
public final class RedisNodeSubscription implements NodeSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(RedisNodeSubscription.class);

    private final StatefulRedisPubSubConnection<String, byte[]> connection;
    private final String channel;
    private final Clock clock;
    /** When the connection was lost, until the subscription is back; null while subscribed. */
    private final AtomicReference<Instant> lostAt = new AtomicReference<>();

    public RedisNodeSubscription(StatefulRedisPubSubConnection<String, byte[]> connection, String nodeId, Clock clock) {
        this.connection = connection;
        this.channel = RedisKeys.nodeChannel(nodeId);
        this.clock = clock;
    }

    @Override
    public void start(Consumer<byte[]> handler, Gaps gaps) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String ch, byte[] message) {
                if (channel.equals(ch)) {
                    handler.accept(message);
                }
            }
        });
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
                Instant now = clock.instant();
                if (lostAt.compareAndSet(null, now)) {
                    gaps.lost(now);
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
                LOG.info("redis reconnected, subscribing to {} again", channel);
                subscribe(gaps);
            }
        });
        connection.sync().ssubscribe(channel);
        LOG.info("subscribed to {}", channel);
    }

    private void subscribe(Gaps gaps) {
        connection.async().ssubscribe(channel).whenComplete((ok, e) -> {
            if (e != null) {
                // the next reconnect tries again; until then nothing arrives, which the next gap reports
                LOG.warn("cannot subscribe to {}: {}", channel, e.toString());
                return;
            }
            Instant since = lostAt.getAndSet(null);
            since = since == null ? clock.instant() : since;
            LOG.warn("{} was down since {}: envelopes published meanwhile are lost", channel, since);
            gaps.back(since);
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
