package dev.parley.auth.internal.redis;

import dev.parley.auth.AttemptCounters;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AttemptCounters} shared by every auth instance: one Redis counter per key that expires
 * with its window (the first attempt of a window sets the TTL); a Lua script checks and counts all
 * limits of one attempt atomically. Keys counted together must share a hash tag ({@code {...}}) so
 * that they live in one cluster slot.
 *
 * <p>When Redis does not answer, attempts are allowed and a warning is logged: logins keep
 * working, the limit is a brake, not a lock.
 */
public final class RedisAttemptCounters implements AttemptCounters, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAttemptCounters.class);
    private static final String PREFIX = "parley:auth:attempts:";
    // ARGV holds max, window-ms pairs in KEYS order. Refuses (count nothing) if any key is full.
    private static final String ACQUIRE = """
            local wait = 0
            for i, key in ipairs(KEYS) do
              local n = tonumber(redis.call('GET', key) or '0')
              if n >= tonumber(ARGV[2 * i - 1]) then
                local ttl = redis.call('PTTL', key)
                if ttl < 0 then ttl = tonumber(ARGV[2 * i]) end
                if ttl > wait then wait = ttl end
              end
            end
            if wait > 0 then return wait end
            for i, key in ipairs(KEYS) do
              local n = redis.call('INCR', key)
              if n == 1 or redis.call('PTTL', key) < 0 then
                redis.call('PEXPIRE', key, ARGV[2 * i])
              end
            end
            return 0
            """;
    private static final String RELEASE = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n > 0 then redis.call('DECR', KEYS[1]) end
            return n
            """;

    private final StatefulRedisConnection<String, String> connection;

    /** Opens its own connection on {@code client}; fails when Redis is unreachable now. */
    public RedisAttemptCounters(RedisClient client) {
        this.connection = client.connect();
        connection.sync().ping();
    }

    /** The Redis key of a counter key. */
    static String redisKey(String key) {
        return PREFIX + key;
    }

    @Override
    public Decision tryAcquire(List<Limit> limits) {
        String[] keys = limits.stream().map(l -> redisKey(l.key())).toArray(String[]::new);
        String[] args = limits.stream()
                .flatMap(l -> java.util.stream.Stream.of(Integer.toString(l.max()), Long.toString(l.window().toMillis())))
                .toArray(String[]::new);
        try {
            Long waitMs = connection.sync().eval(ACQUIRE, ScriptOutputType.INTEGER, keys, args);
            return waitMs == null || waitMs <= 0 ? Decision.ALLOW : Decision.refuse(Duration.ofMillis(waitMs));
        } catch (RuntimeException e) {
            LOG.warn("attempt limits: Redis unavailable, allowing the attempt: {}", e.toString());
            return Decision.ALLOW;
        }
    }

    @Override
    public void release(String key) {
        run(RELEASE, key);
    }

    @Override
    public void reset(String key) {
        try {
            connection.sync().del(redisKey(key));
        } catch (RuntimeException e) {
            LOG.warn("attempt limits: Redis unavailable, count of one key not reset: {}", e.toString());
        }
    }

    private void run(String script, String key) {
        try {
            connection.sync().eval(script, ScriptOutputType.INTEGER, new String[] {redisKey(key)});
        } catch (RuntimeException e) {
            LOG.warn("attempt limits: Redis unavailable, attempt not given back: {}", e.toString());
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
