package dev.parley.auth.internal.redis;

import dev.parley.auth.LoginLimiter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window login limiter shared by every auth instance: one Redis counter per key that
 * expires with its window (the first attempt of a window sets the TTL). When Redis does not
 * answer, attempts are allowed (logins keep working; the limiter is a brake, not a lock) and a
 * warning is logged.
 */
public final class RedisLoginLimiter implements LoginLimiter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLoginLimiter.class);
    private static final String SCRIPT = """
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if n == 1 or ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final int attempts;
    private final Duration window;

    private RedisLoginLimiter(RedisClient client, StatefulRedisConnection<String, String> connection, int attempts,
                              Duration window) {
        this.client = client;
        this.connection = connection;
        this.attempts = attempts;
        this.window = window;
        connection.sync().ping();
    }

    /** Connects to {@code uri}; fails when Redis is unreachable now. */
    public static RedisLoginLimiter connect(String uri, int attempts, Duration window) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(Duration.ofSeconds(1));
        RedisClient client = RedisClient.create(redisUri);
        try {
            return new RedisLoginLimiter(client, client.connect(), attempts, window);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** The Redis key of a limiter key. */
    static String redisKey(String key) {
        return "parley:auth:login:{" + key + "}";
    }

    @Override
    public Decision tryAcquire(String key) {
        try {
            List<Long> r = connection.sync().eval(SCRIPT, ScriptOutputType.MULTI,
                    new String[] {redisKey(key)}, Long.toString(window.toMillis()));
            long count = r.get(0);
            long ttlMs = r.get(1);
            return count <= attempts ? Decision.ALLOW : Decision.refuse(Duration.ofMillis(ttlMs));
        } catch (RuntimeException e) {
            LOG.warn("login limiter: Redis unavailable, allowing the attempt: {}", e.toString());
            return Decision.ALLOW;
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
