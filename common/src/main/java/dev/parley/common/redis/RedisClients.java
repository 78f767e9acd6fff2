package dev.parley.common.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How every Parley service creates its Redis clients: on one set of client resources per process
 * (Lettuce's event loops and timers, meant to be shared), with a reconnect delay that stays short.
 *
 * <p>Lettuce's default delay doubles up to 30 s, so after a Redis restart of 10–20 s a node
 * reconnected up to 16 s after Redis was back: its channel (deliveries) and its presence stayed
 * dark all that time. Here attempts are at most {@link #RECONNECT_MAX} apart, with jitter so that
 * many nodes do not reconnect in lockstep; an attempt against a Redis that is down costs one
 * refused connection.
 */
public final class RedisClients {
    /** Longest wait between two reconnect attempts. */
    public static final Duration RECONNECT_MAX = Duration.ofSeconds(1);

    private static final ClientResources RESOURCES = ClientResources.builder()
            .reconnectDelay(Delay.equalJitter(Duration.ofMillis(50), RECONNECT_MAX, 50, TimeUnit.MILLISECONDS))
            .build();

    private RedisClients() {
    }

    /**
     * A client on the shared resources; {@code client.shutdown()} leaves the resources running for
     * the others. {@code uri} comes from {@link RedisConnection#redisUri()}, which adds the AUTH password.
     */
    public static RedisClient create(RedisURI uri) {
        return RedisClient.create(RESOURCES, uri);
    }

    /** The shared reconnect delay (for tests). */
    static Delay reconnectDelay() {
        return RESOURCES.reconnectDelay();
    }
}
