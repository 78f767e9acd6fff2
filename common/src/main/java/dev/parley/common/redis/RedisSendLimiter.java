package dev.parley.common.redis;

import dev.parley.common.limit.LocalRateLimiter;
import dev.parley.common.limit.SendLimiter;
import dev.parley.common.limit.TokenBucket;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SendLimiter} shared by every edge node: one hash per user in Redis
 * ({@link RedisKeys#sendBucket}), updated by a script that does {@link TokenBucket}'s arithmetic
 * atomically, so a user's sockets on several nodes draw from one bucket. The time is the caller's
 * (the command's {@code receivedAt}), not Redis's, so the decisions are the ones a replay through
 * the topology's stage 1 takes with the same limits.
 *
 * <p>Every send waits for the script's answer, without a timer of its own: {@link AnswerDeadlines}
 * fails the answers not there within {@link #TIMEOUT} (give or take a quarter of it), one sweep for
 * all of them.
 *
 * <p>While Redis cannot answer (the connection is down, or no answer within {@link #TIMEOUT}) the
 * send is decided by a {@link LocalRateLimiter} of this node instead: sends are never refused
 * because Redis is down, and each node still holds a user to the limit, so a user with sockets on
 * <i>k</i> nodes may send up to <i>k</i> times the limit until Redis is back.
 */
public final class RedisSendLimiter implements SendLimiter {
    /** Longest wait for Redis before this node decides alone: a send is a person waiting for its ack. */
    public static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(RedisSendLimiter.class);

    /** KEYS[1] the bucket; ARGV now ms, capacity, refill per second. Returns 0 or ms until a token. */
    static final String SCRIPT = """
            local now = tonumber(ARGV[1])
            local full = tonumber(ARGV[2]) * 1000
            local rate = tonumber(ARGV[3])
            local s = redis.call('HMGET', KEYS[1], 't', 'at')
            local tokens = full
            local last = now
            if s[1] and s[2] then
              tokens = tonumber(s[1])
              last = tonumber(s[2])
              local elapsed = math.min(math.max(0, now - last), math.floor(full / rate) + 1)
              tokens = math.min(full, tokens + elapsed * rate)
              last = math.max(last, now)
            end
            local retry = 0
            if tokens >= 1000 then
              tokens = tokens - 1000
            else
              retry = math.floor((1000 - tokens + rate - 1) / rate)
            end
            -- A refusal stores the refilled state too: its time is the bucket's from then on, as in TokenBucket.
            redis.call('HSET', KEYS[1], 't', string.format('%.0f', tokens), 'at', string.format('%.0f', last))
            redis.call('PEXPIRE', KEYS[1], math.floor((full - tokens) / rate) + 1000)
            return retry
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final AnswerDeadlines deadlines;
    private final TokenBucket bucket;
    private final LocalRateLimiter fallback;
    private final String capacity;
    private final String rate;
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile String sha;

    /** Deadlines for a limiter's waits, {@link #TIMEOUT} each; the caller runs their sweeps ({@link AnswerDeadlines#sweepOn}). */
    public static AnswerDeadlines deadlines() {
        return new AnswerDeadlines(TIMEOUT, System::nanoTime);
    }

    /** @param deadlines from {@link #deadlines()}, whose sweeps run for as long as this limiter is used */
    public RedisSendLimiter(StatefulRedisConnection<String, String> connection, TokenBucket bucket,
                            AnswerDeadlines deadlines) {
        this.connection = connection;
        this.deadlines = deadlines;
        this.bucket = bucket;
        this.fallback = new LocalRateLimiter(bucket);
        this.capacity = Integer.toString(bucket.capacity());
        this.rate = Integer.toString(bucket.refillPerSecond());
    }

    @Override
    public long take(String userId, long nowMs) {
        if (connection.isOpen()) {
            try {
                return shared(userId, nowMs);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (fallbacks.get() == 0 || fallbacks.get() % 10_000 == 0) {
                    LOG.warn("send limit in Redis not available ({}); this node decides alone", e.toString());
                }
            }
        }
        fallbacks.incrementAndGet();
        return fallback.take(userId, nowMs);
    }

    private long shared(String userId, long nowMs) throws Exception {
        String[] keys = {RedisKeys.sendBucket(userId)};
        String now = Long.toString(nowMs);
        String s = sha;
        if (s == null) {
            s = deadlines.await(connection.async().scriptLoad(SCRIPT).toCompletableFuture());
            sha = s;
        }
        try {
            return deadlines.await(connection.async()
                    .<Long>evalsha(s, ScriptOutputType.INTEGER, keys, now, capacity, rate).toCompletableFuture());
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            // A restarted Redis has forgotten the script: load it again with this call.
            sha = null;
            return deadlines.await(connection.async()
                    .<Long>eval(SCRIPT, ScriptOutputType.INTEGER, keys, now, capacity, rate).toCompletableFuture());
        }
    }

    /** Sends decided by this node alone since start, Redis being unreachable. */
    public long fallbacks() {
        return fallbacks.get();
    }

    /** The node's own buckets (used while Redis is away). */
    @Override
    public void evictFull(long nowMs) {
        fallback.evictFull(nowMs);
    }

    /** The limits. */
    public TokenBucket bucket() {
        return bucket;
    }
}
