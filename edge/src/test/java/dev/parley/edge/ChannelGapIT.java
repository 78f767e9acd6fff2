package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.config.Settings;
import dev.parley.common.redis.RedisClients;
import dev.parley.common.redis.NodeSubscription;
import dev.parley.common.redis.RedisKeys;
import dev.parley.edge.internal.redis.RedisConnections;
import dev.parley.infra.Ports;
import dev.parley.infra.RedisServer;
import dev.parley.testkit.infra.RealInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The edge's node channel across a real Redis restart (empty, as Redis without persistence comes
 * back): it subscribes again soon after Redis is back, reports the gap, and receives again.
 */
class ChannelGapIT {

    @Test
    void aRestartedRedisIsRejoinedSoonAndTheGapIsReported() throws Exception {
        RealInfra.assumeLocalProcesses("it stops and restarts a redis-server of its own (module infra), and a"
                + " containers run does not promise that binary");
        String id = UUID.randomUUID().toString().substring(0, 8);
        RedisServer redis = new RedisServer(new RedisServer.Config(
                RealInfra.get().dataDir().resolve("edge-gap-" + id), Ports.free()));
        redis.start();
        Settings settings = Settings.of(Map.of("redis.uri", redis.uri(), "edge.node-id", "gap-" + id));
        EdgeConfig config = EdgeConfig.from(settings);
        settings.validate();
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicLong gapReportedAt = new AtomicLong();
        AtomicReference<Instant> lostAt = new AtomicReference<>();
        AtomicReference<Instant> toldLost = new AtomicReference<>();
        try (RedisConnections edge = RedisConnections.connect(config, Clock.systemUTC())) {
            edge.channel().start(bytes -> received.add(new String(bytes, StandardCharsets.UTF_8)),
                    new NodeSubscription.Gaps() {
                        @Override
                        public void lost(Instant at) {
                            toldLost.compareAndSet(null, at);
                        }

                        @Override
                        public void back(Instant since) {
                            lostAt.set(since);
                            gapReportedAt.compareAndSet(0, System.nanoTime());
                        }
                    });
            publish(redis, config.nodeId(), "before");
            await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("before"));

            Instant stopped = Instant.now();
            redis.stop();
            // Longer than Lettuce's default backoff would wait between attempts by then (it doubles to
            // 8 s after 16 s of attempts), so a default client would still be sleeping when Redis is back.
            Thread.sleep(10_000);
            assertThat(gapReportedAt.get()).isZero();
            assertThat(toldLost.get()).as("told of the loss while Redis is down").isBetween(stopped, stopped.plusSeconds(5));
            redis.start();
            long back = System.nanoTime();

            await().atMost(Duration.ofSeconds(10)).until(() -> gapReportedAt.get() != 0);
            long rejoinedMs = (gapReportedAt.get() - back) / 1_000_000;
            System.out.printf("ChannelGapIT: node channel subscribed again %d ms after Redis was back%n", rejoinedMs);
            assertThat(rejoinedMs).as("at most one reconnect delay (%s) and a handshake", RedisClients.RECONNECT_MAX)
                    .isLessThan(4_000);
            assertThat(lostAt.get()).as("when the connection was lost").isBetween(stopped, stopped.plusSeconds(5));
            publish(redis, config.nodeId(), "after");
            await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("after"));
        } finally {
            redis.stop();
        }
    }

    private static void publish(RedisServer redis, String nodeId, String text) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().spublish(RedisKeys.nodeChannel(nodeId), text);
        } finally {
            client.shutdown();
        }
    }
}
