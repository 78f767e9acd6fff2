package dev.parley.bench.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * One message at a time to the big group, with no other load: how long until the last online
 * member's device shows it, and what it cost: how far the log end offsets of all Kafka topics moved
 * (records plus transaction markers, internal topics included) and how many Redis SPUBLISH
 * commands ran (the node channels), per message. Classic PUBLISH is left out: Parley's own (login
 * revocations) do not happen here, and Redis Sentinels publish their hello messages on the primary
 * every 2 s each, which counted 1.7 "publishes" per message in the first run with them.
 */
public final class Fanout {
    /** Per-message averages over the messages sent. */
    public record Result(int groupSize, int onlineDevices, int messages, Percentiles timeToLastMs,
            double kafkaOffsetsPerMessage, Map<String, Double> kafkaOffsetsPerMessageByTopic,
            double redisPublishesPerMessage, int notCompleted) {}

    private Fanout() {
    }

    public static Result run(BenchSession sender, Population.Conversation group, int onlineDevices, int messages,
            Tracker tracker, String kafka, String redisUri, int bodyChars) throws Exception {
        Histogram toLast = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Map<String, Long> offsets = new TreeMap<>();
        long publishes = 0;
        int notCompleted = 0;
        RedisClient redis = RedisClient.create(redisUri);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka));
             StatefulRedisConnection<String, String> conn = redis.connect()) {
            for (int i = 0; i < messages; i++) {
                Map<String, Long> before = endOffsets(admin);
                long pubBefore = publishes(conn.sync().info("commandstats"));
                String id = sender.send(group.id(), "fan-out " + i + " " + "y".repeat(Math.max(1, bodyChars - 12)), System.nanoTime());
                Flight f = tracker.flight(sender.userId, id);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!f.done() && System.nanoTime() < deadline) {
                    BenchSession.sleep(5);
                }
                if (f.done()) {
                    toLast.recordValue(TimeUnit.NANOSECONDS.toMicros(f.completeNanos - f.sendNanos));
                } else {
                    notCompleted++;
                }
                BenchSession.sleep(1_000); // let commits and transaction markers land
                endOffsets(admin).forEach((t, v) -> offsets.merge(t, v - before.getOrDefault(t, 0L), Long::sum));
                publishes += publishes(conn.sync().info("commandstats")) - pubBefore;
            }
        } finally {
            redis.shutdown();
        }
        Map<String, Double> byTopic = new TreeMap<>();
        offsets.forEach((t, v) -> {
            if (v > 0) {
                byTopic.put(t, (double) v / messages);
            }
        });
        double total = offsets.values().stream().mapToLong(Long::longValue).sum() / (double) messages;
        return new Result(group.members().size(), onlineDevices, messages, Percentiles.ofMicros(toLast), total, byTopic,
                (double) publishes / messages, notCompleted);
    }

    /** Sum of the log end offsets of each topic (internal ones included). */
    static Map<String, Long> endOffsets(Admin admin) throws Exception {
        var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> req = new java.util.HashMap<>();
        d.values().forEach(t -> t.partitions().forEach(p -> req.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        Map<String, Long> out = new TreeMap<>();
        admin.listOffsets(req).all().get().forEach((tp, info) -> out.merge(tp.topic(), info.offset(), Long::sum));
        return out;
    }

    /** calls of SPUBLISH in an {@code INFO commandstats} answer. */
    static long publishes(String info) {
        long n = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_spublish:")) {
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        n += Long.parseLong(part.substring(6));
                    }
                }
            }
        }
        return n;
    }
}
