package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.limit.TokenBucket;
import dev.parley.common.redis.AnswerDeadlines;
import dev.parley.common.redis.RedisClients;
import dev.parley.common.redis.RedisSendLimiter;
import dev.parley.infra.Ports;
import dev.parley.infra.RedisServer;
import dev.parley.testkit.infra.RealInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

/**
 * The send limit's script in a real Redis: it takes exactly {@link TokenBucket}'s decisions (the
 * arithmetic stage 1 of the topology uses, so a shadow run with the same limits decides the same),
 * and when Redis goes away sends are decided on this node instead of refused or stalled; when Redis
 * comes back empty (no script, no buckets) the shared bucket is used again; a Redis that answers too
 * late is waited for no longer than {@link RedisSendLimiter#TIMEOUT} and a quarter.
 */
class RedisSendLimiterIT {
    private final TokenBucket bucket = new TokenBucket(20, 10);
    private final AnswerDeadlines deadlines = RedisSendLimiter.deadlines();

    @Test
    void theScriptDecidesExactlyAsTokenBucketOverARandomSequence() {
        RedisClient client = RedisClients.create(RedisURI.create(RealInfra.get().redisUri()));
        ScheduledFuture<?> sweeps = deadlines.sweepOn(client.getResources().eventExecutorGroup());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisSendLimiter limiter = new RedisSendLimiter(c, bucket, deadlines);
            Random r = new Random(7);
            String user = "u-" + UUID.randomUUID();
            List<Long> redis = new ArrayList<>();
            List<Long> reference = new ArrayList<>();
            TokenBucket.State state = null;
            long now = 1_764_900_000_000L;
            for (int i = 0; i < 2_000; i++) {
                // Mostly bursts, sometimes a pause, and now and then a time from the past (another node's clock).
                now += r.nextInt(5) == 0 ? r.nextInt(2_500) : r.nextInt(40) - (r.nextInt(20) == 0 ? 300 : 0);
                redis.add(limiter.take(user, now));
                TokenBucket.Decision d = bucket.take(state, now);
                state = d.state();
                reference.add(d.retryAfterMs());
            }
            int first = 0;
            while (first < redis.size() && redis.get(first).equals(reference.get(first))) {
                first++;
            }
            assertThat(first).as("the first decision that differs, of %s (redis %s, reference %s)", redis.size(),
                    redis.subList(Math.max(0, first - 3), Math.min(redis.size(), first + 3)),
                    reference.subList(Math.max(0, first - 3), Math.min(redis.size(), first + 3)))
                    .isEqualTo(redis.size());
            assertThat(reference).contains(0L).anyMatch(ms -> ms > 0);
            assertThat(limiter.fallbacks()).isZero();
        } finally {
            sweeps.cancel(false);
            client.shutdown();
        }
    }

    @Test
    void aRedisThatAnswersTooLateIsWaitedForAtMostTheTimeoutAndAQuarter() throws Exception {
        RedisClient client = RedisClients.create(RedisURI.create(RealInfra.get().redisUri()));
        ScheduledFuture<?> sweeps = deadlines.sweepOn(client.getResources().eventExecutorGroup());
        try (StatefulRedisConnection<String, String> c = client.connect();
             StatefulRedisConnection<String, String> admin = client.connect()) {
            RedisSendLimiter limiter = new RedisSendLimiter(c, bucket, deadlines);
            String user = "u-" + UUID.randomUUID();
            assertThat(limiter.take(user, System.currentTimeMillis())).isZero(); // the script is loaded
            // Redis holds every write command (the script is one) of every client for 2 s.
            admin.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(2_000).add("WRITE"));
            try {
                long start = System.nanoTime();
                assertThat(limiter.take(user, System.currentTimeMillis())).isZero(); // decided here, the bucket full
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(waitedMs).as("ms waited for Redis").isBetween(
                        RedisSendLimiter.TIMEOUT.toMillis(), RedisSendLimiter.TIMEOUT.toMillis() * 5 / 4 + 150);
                assertThat(limiter.fallbacks()).isEqualTo(1);
            } finally {
                admin.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
            }
        } finally {
            sweeps.cancel(false);
            client.shutdown();
        }
    }

    @Test
    void whileRedisIsDownTheNodeDecidesAloneAndAfterwardsTheSharedBucketIsBack() throws Exception {
        RealInfra.assumeLocalProcesses("it stops and restarts a redis-server of its own (module infra)");
        RedisServer server = new RedisServer(new RedisServer.Config(
                RealInfra.get().dataDir().resolve("send-limit-" + UUID.randomUUID().toString().substring(0, 8)),
                Ports.free()));
        server.start();
        RedisClient client = RedisClients.create(RedisURI.create(server.uri()));
        ScheduledFuture<?> sweeps = deadlines.sweepOn(client.getResources().eventExecutorGroup());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisSendLimiter limiter = new RedisSendLimiter(c, bucket, deadlines);
            long now = System.currentTimeMillis();
            for (int i = 0; i < 20; i++) {
                assertThat(limiter.take("alice", now)).isZero();
            }
            assertThat(limiter.take("alice", now)).isEqualTo(100);

            server.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isOpen());
            // Down: this node's own bucket, full for a user it has not seen locally; never an error.
            for (int i = 0; i < 20; i++) {
                assertThat(limiter.take("alice", now)).isZero();
            }
            assertThat(limiter.take("alice", now)).isEqualTo(100);
            assertThat(limiter.fallbacks()).isEqualTo(21);

            server.start();
            await().atMost(Duration.ofSeconds(10)).until(c::isOpen);
            // Back, empty: the script is loaded again and the shared bucket starts full.
            assertThat(limiter.take("bob", now)).isZero();
            for (int i = 0; i < 19; i++) {
                assertThat(limiter.take("bob", now)).isZero();
            }
            assertThat(limiter.take("bob", now)).isEqualTo(100);
            assertThat(limiter.fallbacks()).isEqualTo(21);
        } finally {
            sweeps.cancel(false);
            client.shutdown();
            server.stop();
        }
    }
}
