package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.frame.PresenceFrame;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodeSubscription;
import dev.parley.common.redis.RedisClients;
import dev.parley.common.redis.RedisConnection;
import dev.parley.common.redis.RedisNodePublisher;
import dev.parley.common.redis.RedisNodeSubscription;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Redis primary, its replica and three Sentinels, real processes: the node channel of
 * {@code common} (the sharded subscription an edge listens on, the publisher the sinks route with)
 * connected through a {@code redis-sentinel://} URI keeps working when the primary stops: the
 * Sentinels promote the replica, both connections find it, the subscriber hears of the gap, and an
 * envelope published afterwards arrives.
 */
class RedisFailoverIT {
    private static final String GROUP = "parley";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theNodeChannelMovesToThePromotedReplicaWhenThePrimaryStops() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "redis-failover-it",
                UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath());
        int primaryPort = Ports.free();
        int replicaPort = Ports.free();
        RedisServer primary = new RedisServer(new RedisServer.Config(base.resolve("redis"), primaryPort));
        RedisServer replica = new RedisServer(new RedisServer.Config(base.resolve("redis-2"), replicaPort, "",
                "redis-2", primaryPort));
        List<RedisSentinel> sentinels = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sentinels.add(new RedisSentinel(new RedisSentinel.Config(base.resolve("sentinel-" + i), Ports.free(),
                    "redis-sentinel-" + i, GROUP, primaryPort, 2, Duration.ofSeconds(1), "")));
        }
        List<Server> all = new ArrayList<>(List.of(primary, replica));
        all.addAll(sentinels);
        RedisClient client = null;
        try {
            for (Server s : all) {
                s.start();
            }
            String uri = "redis-sentinel://" + String.join(",", sentinels.stream().map(RedisSentinel::address).toList())
                    + "#" + GROUP;
            Settings settings = Settings.of(Map.of("redis.uri", uri));
            RedisConnection connection = RedisConnection.from(settings);
            settings.validate();
            assertThat(settings.get(SharedKeys.REDIS_URI)).isEqualTo(uri);

            client = RedisClients.create(connection.redisUri());
            StatefulRedisConnection<String, String> commands = client.connect();
            RedisNodePublisher publisher = new RedisNodePublisher(commands);
            RedisNodeSubscription channel = new RedisNodeSubscription(
                    client.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)), "edge-9",
                    Clock.systemUTC());
            List<String> received = new CopyOnWriteArrayList<>();
            List<String> gaps = new CopyOnWriteArrayList<>();
            channel.start(bytes -> received.add(new String(bytes, StandardCharsets.UTF_8)), new NodeSubscription.Gaps() {
                @Override
                public void lost(Instant at) {
                    gaps.add("lost");
                }

                @Override
                public void back(Instant lostAt) {
                    gaps.add("back");
                }
            });
            assertThat(role(commands)).isEqualTo("master");
            assertThat(port(commands)).isEqualTo(primaryPort);
            publish(publisher, "before");
            awaitReceived(received, "before");

            primary.stop();

            // Published until one arrives: the ones sent while no primary answered fail or are lost.
            Instant deadline = Instant.now().plus(WAIT);
            int n = 0;
            while (received.stream().noneMatch(m -> m.contains("after-")) && Instant.now().isBefore(deadline)) {
                try {
                    publish(publisher, "after-" + n++);
                } catch (Exception e) {
                    // no primary yet
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            assertThat(received).anyMatch(m -> m.contains("after-"));
            assertThat(port(commands)).isEqualTo(replicaPort);
            assertThat(role(commands)).isEqualTo("master");
            assertThat(gaps).startsWith("lost").contains("back");
            channel.close();
            commands.close();
        } finally {
            if (client != null) {
                client.shutdown();
            }
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).stop();
            }
        }
        assertThat(all).noneMatch(Server::isRunning);
    }

    private static void publish(RedisNodePublisher publisher, String status) throws Exception {
        publisher.publish("edge-9", NodeEnvelope.toUsers(List.of("u1"), new PresenceFrame("u2", status)))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static void awaitReceived(List<String> received, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (received.stream().noneMatch(m -> m.contains(status)) && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertThat(received).anyMatch(m -> m.contains(status));
    }

    private static String role(StatefulRedisConnection<String, String> commands) {
        return String.valueOf(commands.sync().role().getFirst());
    }

    private static int port(StatefulRedisConnection<String, String> commands) {
        return Integer.parseInt(commands.sync().configGet("port").get("port"));
    }
}
