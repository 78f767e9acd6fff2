package dev.parley.bench;

import dev.parley.common.config.Settings;
import dev.parley.devstack.StackConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Sizes and durations of a bench run (bench/CONFIG.md documents every key and both profiles'
 * defaults). A key given as {@code -Dbench.<key>=…} or {@code PARLEY_BENCH_…} overrides the profile.
 *
 * @param profile            {@code quick} (under 5 minutes here) or {@code full}
 * @param users              logged-in users, each with {@code devicesPerUser} WebSocket clients
 * @param devicesPerUser     clients per user (a user's phone and laptop)
 * @param directs            direct conversations among the users
 * @param groups             small groups among the users, sizes {@code groupMin..groupMax}
 * @param fanoutGroupSize    members of the fan-out group (registered users; the online ones are the first users)
 * @param fanoutOnline       members of the fan-out group that are online (at most {@code users})
 * @param fanoutMessages     messages sent one after another to the fan-out group
 * @param fixedRate          offered messages/s of the fixed-load latency phase
 * @param fixedDuration      its length
 * @param kneeStartRate      offered messages/s of the first step of the rising load
 * @param kneeFactor         each step offers this times the previous one
 * @param kneeMaxSteps       at most this many steps
 * @param kneeStep           length of one step
 * @param kneeP99Limit       a step whose delivery p99 is above this is past the knee
 * @param capacityMax        idle connections to open at most in the capacity phase
 * @param capacityPerAddress connections per 127.0.0.x source address before the next one is used
 * @param rawDuration        length of each raw-limit loop (Kafka, CQL, Redis)
 * @param chaosFaults        faults in the order they are injected
 * @param chaosRate          offered messages/s while faults are injected
 * @param chaosWarmUp        load on both edges (half the clients each) before the first fault
 * @param chaosDown          how long a restarted server or killed service stays down
 * @param chaosObserve       load kept on after each fault before it is judged
 * @param chaosSettle        after a killed service is started again, the wait before the next fault
 * @param slowThreshold      a message delivered slower than this counts as disturbed (chaos recovery)
 * @param drainTimeout       at the end, how long clients keep retrying unacked sends
 * @param bodyChars          characters per message body
 * @param seed               random seed (conversations, senders, pauses)
 * @param kafkaBrokers       Kafka nodes of the stack; the {@code kafka} fault restarts node 1 (with one,
 *                           all of Kafka; with three, one broker of a cluster that goes on serving)
 * @param redisReplicas      replicas of the stack's Redis primary, watched by Sentinels; the {@code redis}
 *                           fault stops the primary (with replicas: a failover, without: an outage)
 */
public record BenchConfig(String profile, int users, int devicesPerUser, int directs, int groups, int groupMin,
        int groupMax, int fanoutGroupSize, int fanoutOnline, int fanoutMessages, int fixedRate, Duration fixedDuration,
        int kneeStartRate, double kneeFactor, int kneeMaxSteps, Duration kneeStep, Duration kneeP99Limit,
        int capacityMax, int capacityPerAddress, Duration rawDuration, List<String> chaosFaults, int chaosRate,
        Duration chaosWarmUp, Duration chaosDown, Duration chaosObserve, Duration chaosSettle, Duration slowThreshold, Duration drainTimeout, int bodyChars,
        long seed, int kafkaBrokers, int redisReplicas) {

    public static final List<String> ALL_FAULTS = List.of("edge", "topology", "sinks", "kafka", "cassandra", "redis",
            "topology-rolling", "sinks-rolling");

    /**
     * The profile's defaults, overridden by {@code bench.*} keys of {@code s}. Problems are recorded
     * in {@code s}; the caller reports them all at once with {@link Settings#validate()}.
     */
    public static BenchConfig from(String profile, Settings s) {
        boolean full = switch (profile) {
            case "quick" -> false;
            case "full" -> true;
            default -> throw new IllegalArgumentException("unknown profile '" + profile + "' (quick, full)");
        };
        int users = s.integer("bench.users", full ? 1000 : 200, 2, 100_000);
        int groupMax = s.integer("bench.group-max", 10, 3, 1000);
        BenchConfig c = new BenchConfig(profile, users,
                s.integer("bench.devices-per-user", 1, 1, 10),
                s.integer("bench.directs", full ? 1000 : 100, 1, 1_000_000),
                s.integer("bench.groups", full ? 200 : 30, 0, 100_000),
                s.integer("bench.group-min", 3, 3, 1000), groupMax,
                s.integer("bench.fanout.group-size", full ? 10_000 : 1_000, 2, 10_000),
                s.integer("bench.fanout.online", full ? 1000 : 200, 1, 100_000),
                s.integer("bench.fanout.messages", full ? 10 : 3, 1, 1000),
                s.integer("bench.fixed.rate", full ? 100 : 50, 1, 1_000_000),
                s.duration("bench.fixed.duration", Duration.ofSeconds(full ? 60 : 10)),
                s.integer("bench.knee.start-rate", 50, 1, 1_000_000),
                s.decimal("bench.knee.factor", 2, 1, 100),
                s.integer("bench.knee.max-steps", full ? 8 : 4, 1, 50),
                s.duration("bench.knee.step", Duration.ofSeconds(full ? 30 : 6)),
                s.duration("bench.knee.p99-limit", Duration.ofMillis(1000)),
                s.integer("bench.capacity.max", full ? 18_000 : 2_000, 0, 1_000_000),
                s.integer("bench.capacity.per-address", 25_000, 100, 28_000),
                s.duration("bench.raw.duration", Duration.ofSeconds(full ? 10 : 3)),
                faults(s, s.string("bench.chaos.faults", String.join(",", ALL_FAULTS))),
                s.integer("bench.chaos.rate", full ? 100 : 40, 1, 1_000_000),
                s.duration("bench.chaos.warm-up", Duration.ofSeconds(full ? 90 : 60)),
                s.duration("bench.chaos.down", Duration.ofSeconds(full ? 5 : 2)),
                s.duration("bench.chaos.observe", Duration.ofSeconds(full ? 30 : 10)),
                s.duration("bench.chaos.settle", Duration.ofSeconds(full ? 45 : 30)),
                s.duration("bench.slow-threshold", Duration.ofMillis(1000)),
                s.duration("bench.drain-timeout", Duration.ofSeconds(60)),
                s.integer("bench.body-chars", 100, 1, 4000),
                s.longValue("bench.seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
                s.integer("bench.kafka-brokers", full ? 3 : 1, 1, StackConfig.MAX_KAFKA_BROKERS),
                s.integer("bench.redis-replicas", 1, 0, StackConfig.MAX_REDIS_REPLICAS));
        if (c.fanoutOnline > c.users || c.fanoutOnline > c.fanoutGroupSize) {
            s.problem("bench.fanout.online must be at most bench.users and bench.fanout.group-size");
        }
        if (c.groupMin > c.groupMax || c.groupMax > c.users || c.kneeFactor <= 1) {
            s.problem("need bench.group-min <= bench.group-max <= bench.users and bench.knee.factor > 1");
        }
        return c;
    }

    private static List<String> faults(Settings s, String list) {
        List<String> f = Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        for (String x : f) {
            if (!ALL_FAULTS.contains(x)) {
                s.problem("bench.chaos.faults: unknown fault '" + x + "' (" + String.join(", ", ALL_FAULTS) + ")");
            }
        }
        return f;
    }

    /** Whether the fan-out phase runs at the full size (10,000 members, 1,000 online). */
    public boolean fanoutReduced() {
        return fanoutGroupSize < 10_000 || fanoutOnline < 1_000;
    }
}
