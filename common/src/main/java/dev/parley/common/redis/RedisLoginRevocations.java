package dev.parley.common.redis;

import dev.parley.common.auth.LoginRevocations;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LoginRevocations} on Redis: a key per revoked login ({@link RedisKeys#revokedLogin}) that
 * expires with the login's last access token, and a broadcast on {@link RedisKeys#REVOCATIONS}.
 * Classic (not sharded) pub/sub on purpose: every edge must hear every revocation, and they are
 * rare (logouts), so the cluster-wide broadcast costs nothing.
 */
public final class RedisLoginRevocations implements LoginRevocations {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLoginRevocations.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final Clock clock;
    private volatile StatefulRedisPubSubConnection<String, String> subscription;

    /** Uses {@code client} for its own connections; the client stays the caller's to shut down. */
    public RedisLoginRevocations(RedisClient client, Clock clock) {
        this.client = client;
        this.commands = client.connect();
        this.clock = clock;
    }

    @Override
    public void revoke(String loginId, Instant until) {
        long ttlMs = Duration.between(clock.instant(), until).toMillis();
        if (ttlMs <= 0) {
            return; // every token of the login has expired already
        }
        commands.sync().set(RedisKeys.revokedLogin(loginId), "1", SetArgs.Builder.px(ttlMs));
        commands.sync().publish(RedisKeys.REVOCATIONS, loginId);
    }

    @Override
    public Set<String> revokedAmong(Collection<String> loginIds) {
        Set<String> revoked = new HashSet<>();
        if (loginIds.isEmpty()) {
            return revoked;
        }
        List<String> ids = List.copyOf(loginIds);
        String[] keys = ids.stream().map(RedisKeys::revokedLogin).toArray(String[]::new);
        var values = commands.sync().mget(keys);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).hasValue()) {
                revoked.add(ids.get(i));
            }
        }
        return revoked;
    }

    @Override
    public synchronized void listen(Consumer<String> onRevoked, Runnable onResubscribed) {
        if (subscription != null) {
            throw new IllegalStateException("already listening");
        }
        StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (RedisKeys.REVOCATIONS.equals(channel)) {
                    onRevoked.accept(message);
                }
            }
        });
        pubSub.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
                pubSub.async().subscribe(RedisKeys.REVOCATIONS).whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("cannot subscribe to {}: {}", RedisKeys.REVOCATIONS, e.toString());
                    } else {
                        onResubscribed.run();
                    }
                });
            }
        });
        pubSub.sync().subscribe(RedisKeys.REVOCATIONS);
        subscription = pubSub;
    }

    @Override
    public void close() {
        StatefulRedisPubSubConnection<String, String> pubSub = subscription;
        if (pubSub != null) {
            pubSub.close();
        }
        commands.close();
    }
}
