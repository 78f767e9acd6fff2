package dev.parley.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.internal.BenchSession;
import dev.parley.bench.internal.Capacity;
import dev.parley.bench.internal.Chaos;
import dev.parley.bench.internal.Edges;
import dev.parley.bench.internal.Fanout;
import dev.parley.bench.internal.Fleet;
import dev.parley.bench.internal.HistoryWriterLag;
import dev.parley.bench.internal.LoadDriver;
import dev.parley.bench.internal.LoadPhases;
import dev.parley.bench.internal.Population;
import dev.parley.bench.internal.ProcStats;
import dev.parley.bench.internal.ProcessCpu;
import dev.parley.bench.internal.RawLimits;
import dev.parley.bench.internal.ResultsJson;
import dev.parley.bench.internal.RunHistory;
import dev.parley.bench.internal.Timeline;
import dev.parley.bench.internal.Tracker;
import dev.parley.devstack.Instance;
import dev.parley.devstack.LocalStack;
import dev.parley.devstack.StackConfig;
import dev.parley.testkit.client.ParleyClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One bench run: starts the whole system (LocalStack, with the settings of {@link #SERVICE_SETTINGS}),
 * measures the raw limits of its servers, creates users and conversations, then runs the phases —
 * fixed load, rising load to the knee, fan-out, connection capacity, chaos — and checks the
 * clients' logs against history. Everything it starts is stopped before it returns.
 */
public final class Bench {
    /**
     * Settings given to every service for a load run, and why: the per-user rate limit and the
     * login limit are raised so that the bench measures the pipeline, not the limiters (a bench
     * user sends far more than a person); password hashing is cheapened because registering
     * thousands of users is setup, not the thing measured; tokens live long enough for a full run.
     */
    public static final Map<String, String> SERVICE_SETTINGS = Map.of(
            "edge.limits.send-rate", "100000",
            "edge.limits.send-burst", "100000",
            "auth.login-limit.attempts", "1000000",
            "auth.register-limit.attempts", "1000000",
            // the capacity phase spreads up to 100,000 idle sockets over the population's tokens
            "edge.limits.sockets-per-user", "100000",
            "auth.argon2.memory-kib", "1024",
            "auth.argon2.iterations", "1",
            "auth.access-token-ttl", "6h");

    private final BenchConfig config;
    private final Path home;
    private final Path dataDir;
    private final Path aotCacheDir;
    private final PrintStream log;

    /** @param aotCacheDir the services' AOT caches ({@code bench.aot-cache-dir}), or null for none */
    public Bench(BenchConfig config, Path home, Path dataDir, Path aotCacheDir, PrintStream log) {
        this.config = config;
        this.home = home;
        this.dataDir = dataDir;
        this.aotCacheDir = aotCacheDir;
        this.log = log;
    }

    /** Runs every phase; returns the results document ({@code latest.json}) and the clients' log. */
    public Outcome run() throws Exception {
        ResultsJson results = new ResultsJson(config, SERVICE_SETTINGS);
        long t0 = System.nanoTime();
        log.println("bench: starting the local stack");
        try (LocalStack stack = LocalStack.start(StackConfig.forTests(home, dataDir)
                .withServiceSettings(SERVICE_SETTINGS).withAotCacheDir(aotCacheDir)
                .withKafkaBrokers(config.kafkaBrokers())
                .withRedisReplicas(config.redisReplicas()), log)) {
            results.stackStarted((System.nanoTime() - t0) / 1e9);
            results.aotCache(aotUse(stack));
            Timeline timeline = new Timeline(System.nanoTime());
            Tracker tracker = new Tracker(timeline);
            ProcessCpu cpu = new ProcessCpu();
            AutoCloseable sampling = cpu.sampleEverySecond(timeline);
            log.println("bench: raw limits");
            byte[] record = ("{\"conversationId\":\"00000000-0000-0000-0000-000000000000\",\"seq\":1,\"messageId\":\""
                    + "00000000-0000-0000-0000-000000000000\",\"senderId\":\"00000000-0000-0000-0000-000000000000\","
                    + "\"clientMsgId\":\"u1d0-1\",\"body\":\"" + "x".repeat(config.bodyChars())
                    + "\",\"sentAt\":\"2026-01-01T00:00:00.000Z\"}").getBytes();
            RawLimits.Result raw = RawLimits.measure(stack.kafkaBootstrap(), stack.cqlContactPoint(),
                    stack.cqlLocalDatacenter(), stack.redisUri(), record, config.rawDuration());
            results.rawLimits(raw);
            log.printf("  kafka %.0f msgs/s, cql %.0f inserts/s, redis %.0f publishes/s%n", raw.kafkaMsgsPerSecond(),
                    raw.cqlInsertsPerSecond(), raw.redisPublishesPerSecond());

            log.println("bench: users and conversations");
            ParleyClient client = new ParleyClient(stack.authUrl(), stack.edgeHttpUrl(), stack.edgeWsUrl());
            Random random = new Random(config.seed());
            Population pop = Population.create(client, config, random);
            Edges edges = new Edges();
            edges.add("edge-1", stack.edgeWsUrl(), stack.edgeHttpUrl());
            try (Fleet fleet = new Fleet(pop.users, config.devicesPerUser(), pop.conversationsByUser(), tracker, edges)) {
                pop.chats.forEach(c -> tracker.follow(c.id(), fleet.devicesOf(c.members())));
                tracker.follow(pop.fanout.id(), fleet.devicesOf(pop.fanout.members()));
                fleet.connectAll();
                log.printf("  %d users, %d devices, %d chats, fan-out group of %d%n", pop.users.size(),
                        fleet.sessions().size(), pop.chats.size(), pop.fanout.members().size());
                List<List<String>> chatsOf = new ArrayList<>();
                List<String> fanoutId = List.of(pop.fanout.id());
                fleet.sessions().forEach(s -> chatsOf.add(s.conversations().stream().filter(c -> !fanoutId.contains(c)).toList()));
                LoadDriver driver = new LoadDriver(fleet.sessions(), chatsOf, random, config.bodyChars());
                LoadPhases load = new LoadPhases(tracker, driver, log);

                log.println("bench: warm-up, fixed load, rising load");
                load.step("warm-up", config.fixedRate(), Duration.ofSeconds(5), config.kneeP99Limit());
                fleet.drain(config.drainTimeout()); // the fixed phase starts without a warm-up backlog
                results.fixed(load.step("fixed", config.fixedRate(), config.fixedDuration(), config.kneeP99Limit()));
                List<LoadPhases.Step> steps = load.knee(config.kneeStartRate(), config.kneeFactor(),
                        config.kneeMaxSteps(), config.kneeStep(), config.kneeP99Limit());
                results.knee(steps, LoadPhases.sustainedThroughput(steps));
                tracker.startPhase("drain");
                fleet.drain(config.drainTimeout());

                log.println("bench: fan-out");
                tracker.startPhase("fanout");
                Fanout.Result fan = Fanout.run(fleet.sessions().getFirst(), pop.fanout,
                        fleet.devicesOf(pop.fanout.members()).size(), config.fanoutMessages(), tracker,
                        stack.kafkaBootstrap(), stack.redisUri(), config.bodyChars());
                results.fanout(fan, config.fanoutReduced());
                log.printf("  time to last online member p50 %.1f ms max %.1f ms; %.1f Kafka offsets, %.1f Redis publishes per message%n",
                        fan.timeToLastMs().p50(), fan.timeToLastMs().max(), fan.kafkaOffsetsPerMessage(),
                        fan.redisPublishesPerMessage());

                log.println("bench: connection capacity");
                tracker.startPhase("capacity");
                ProcessHandle edge = ProcStats.child("parley-edge-").orElseThrow(() -> new IllegalStateException("edge process not found"));
                Capacity.Result cap = Capacity.run(stack.edgeWsUrl(), pop.users.stream().map(u -> u.accessToken()).toList(),
                        config.capacityMax(), config.capacityPerAddress(), edge, log);
                results.capacity(cap);
                log.printf("  %d idle connections (%s): %.0f heap bytes, %.0f RSS bytes per connection%n", cap.maxOpen(),
                        cap.limitedBy(), cap.heapBytesPerConnection(), cap.rssBytesPerConnection());

                if (!config.chaosFaults().isEmpty()) {
                    chaos(stack, tracker, new LoadDriver(fleet.sessions(), chatsOf, random, config.bodyChars()),
                            fleet.sessions(), edges, results);
                }
                tracker.startPhase("final");
                int unacked = fleet.drain(config.drainTimeout());
                log.printf("bench: final catch-up (%d sends still unacked, %d reconnects in all)%n", unacked,
                        fleet.reconnects());
                fleet.catchUpAll(Duration.ofSeconds(60));
                HistoryWriterLag.await(stack.kafkaBootstrap(), HistoryWriterLag.LIMIT, log);
                RunLog runLog = RunHistory.collect(client, pop, fleet, tracker);
                List<Violation> violations = new ConsistencyChecker().check(runLog);
                results.consistency(violations, runLog, RunHistory.phaseOf(violations, tracker), fleet.reconnects());
                results.timeline(timeline);
                sampling.close();
                return new Outcome(results.json(), timeline, cpu, violations);
            }
        }
    }

    /** Steady load in the background while each fault is injected in turn. */
    private void chaos(LocalStack stack, Tracker tracker, LoadDriver background, List<BenchSession> sessions,
            Edges edges, ResultsJson results) throws InterruptedException {
        log.println("bench: chaos (with a second instance of the topology, the sinks and the edge)");
        // Two of every Parley tier, so that losing one is a failover (the stack stops them all on close).
        stack.addInstance("topology");
        stack.addInstance("sinks");
        Instance edge2 = stack.addInstance("edge");
        edges.add(edge2.name(), URI.create("ws://" + edge2.httpUrl().getAuthority() + "/ws"), edge2.httpUrl());
        // Every other client moves to the second edge, as behind a load balancer, and the load runs a
        // while before the first fault: in a deployment the node that takes over is one that was
        // serving (and warm), not one started a moment ago with no client.
        for (int i = 0; i < sessions.size(); i += 2) {
            sessions.get(i).moveToNextEdge();
        }
        tracker.startPhase("chaos:baseline");
        Thread load = Thread.ofPlatform().name("bench-chaos-load").start(
                () -> background.runUntil(config.chaosRate(), Long.MAX_VALUE));
        Thread.sleep(config.chaosWarmUp().toMillis());
        Chaos chaos = new Chaos(stack, tracker, log);
        try {
            for (String fault : config.chaosFaults()) {
                results.fault(chaos.inject(fault, config.chaosDown(), config.chaosObserve(), config.chaosSettle(), config.slowThreshold(),
                        Duration.ofSeconds(90)));
            }
        } finally {
            background.stop();
            load.join();
        }
    }

    /** What each service's process, and Kafka's node 1, did with its AOT cache, by name. */
    static Map<String, String> aotUse(LocalStack stack) {
        Map<String, String> m = new TreeMap<>();
        stack.serviceNames().forEach(n -> m.put(n, stack.aotUse(n)));
        m.put("kafka", stack.aotUse("kafka"));
        return m;
    }

    /** The results document, the timeline it was drawn from, each process's CPU over it, and every violation found. */
    public record Outcome(ObjectNode results, Timeline timeline, ProcessCpu cpu, List<Violation> violations) {}
}
