package dev.parley.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.internal.BenchSession;
import dev.parley.bench.internal.ColdStart;
import dev.parley.bench.internal.ConnectStorm;
import dev.parley.bench.internal.OverloadRecovery;
import dev.parley.bench.internal.CostMeter;
import dev.parley.bench.internal.EdgeAcks;
import dev.parley.bench.internal.Edges;
import dev.parley.bench.internal.Fleet;
import dev.parley.bench.internal.HistoryWriterLag;
import dev.parley.bench.internal.LoadDriver;
import dev.parley.bench.internal.LoadPhases;
import dev.parley.bench.internal.Percentiles;
import dev.parley.bench.internal.PhaseStats;
import dev.parley.bench.internal.Population;
import dev.parley.bench.internal.ProcessCpu;
import dev.parley.bench.internal.Profiler;
import dev.parley.bench.internal.RunHistory;
import dev.parley.bench.internal.StepCosts;
import dev.parley.bench.internal.Timeline;
import dev.parley.bench.internal.Tracker;
import dev.parley.common.json.Json;
import dev.parley.devstack.LocalStack;
import dev.parley.devstack.StackConfig;
import dev.parley.devstack.StackWarmUp;
import dev.parley.testkit.client.ParleyClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The pairs profile of issue 11: the whole stack under 1:1 load at fixed rates, with what each
 * rate costs per message in every process (CPU), in Kafka (offsets by topic, markers included)
 * and in CQL (writes by table), and the consistency checker over everything sent. Each step's
 * admitted acks are also timed by the edge itself ({@link EdgeAcks}) and beside them the way
 * between client and edge alone (ping probes), so an overload's tail can be placed.
 */
public final class PairsBench {
    /** Senders that probe the way to the edge and back with pings (a tenth of them, at most this many), and how often. */
    private static final int PROBES = 50;
    private static final Duration PROBE_EVERY = Duration.ofMillis(250);

    private final PairsConfig config;
    private final Path home;
    private final Path dataDir;
    private final Path aotCacheDir;
    private final Path runDir;
    private final PrintStream log;
    /** The edge's own ack timing; set once the stack is up. */
    private EdgeAcks edgeAcks;

    /** @param aotCacheDir the services' AOT caches ({@code bench.aot-cache-dir}), or null for none */
    public PairsBench(PairsConfig config, Path home, Path dataDir, Path aotCacheDir, Path runDir, PrintStream log) {
        this.config = config;
        this.home = home;
        this.dataDir = dataDir;
        this.aotCacheDir = aotCacheDir;
        this.runDir = runDir;
        this.log = log;
    }

    /** Runs the profile; returns the results document and the violations the checker found. */
    public Result run() throws Exception {
        ObjectNode results = Json.mapper().createObjectNode().put("profile", "pairs");
        results.set("config", Json.mapper().valueToTree(config));
        long t0 = System.nanoTime();
        log.println("bench: starting the local stack");
        Map<String, String> settings = new HashMap<>(Bench.SERVICE_SETTINGS);
        settings.putAll(config.serviceSettings());
        try (LocalStack stack = LocalStack.start(
                StackConfig.forTests(home, dataDir).withServiceSettings(settings).withAotCacheDir(aotCacheDir), log);
             CostMeter meter = new CostMeter(stack.kafkaBootstrap(), stack.cqlContactPoint(), stack.cqlLocalDatacenter())) {
            results.put("stack_start_seconds", (System.nanoTime() - t0) / 1e9);
            results.set("aot_cache", Json.mapper().valueToTree(Bench.aotUse(stack)));
            edgeAcks = new EdgeAcks(stack.observeUrl("edge"));
            if (!config.stackWarmUp().isZero()) {
                results.set("stack_warm_up", Json.mapper().valueToTree(StackWarmUp.run(stack, config.stackWarmUp(), log)));
                results.put("stack_ready_seconds", (System.nanoTime() - t0) / 1e9);
            }
            // Second 0 of the timeline is the stack reporting ready: the cold start is counted from there.
            Timeline timeline = new Timeline(System.nanoTime());
            ProcessCpu cpu = new ProcessCpu();
            AutoCloseable sampling = cpu.sampleEverySecond(timeline);
            ParleyClient client = new ParleyClient(stack.authUrl(), stack.edgeHttpUrl(), stack.edgeWsUrl());
            Population pop = Population.pairs(client, config.count());
            double populated = timeline.secondsAt(System.nanoTime());
            Tracker tracker = new Tracker(timeline);
            Edges edges = new Edges();
            edges.add("edge-1", stack.edgeWsUrl(), stack.edgeHttpUrl());
            try (Fleet fleet = new Fleet(pop.users, 1, pop.conversationsByUser(), tracker, edges)) {
                pop.chats.forEach(c -> tracker.follow(c.id(), fleet.devicesOf(c.members())));
                if (config.jfrRate() < 0) {
                    Profiler.start(runDir.resolve("jfr-warm-up"), config.warmUp().plusMinutes(2));
                }
                CostMeter.Snapshot unconnected = meter.snapshot();
                fleet.connectAll();
                fleet.giveUpAfter(config.giveUpAfter());
                fleet.pauseOnUnavailable(config.pauseOnUnavailable());
                fleet.rampAfterHold(config.rampAfterHold());
                CostMeter.Snapshot whileConnecting = CostMeter.delta(unconnected, meter.snapshot());
                double connected = timeline.secondsAt(System.nanoTime());
                log.printf("bench: %d pairs connected (%.1f s after ready)%n", pop.chats.size(), connected);
                List<BenchSession> senders = new ArrayList<>();
                List<List<String>> chatsOf = new ArrayList<>();
                for (int i = 0; i < pop.chats.size(); i++) {
                    senders.add(fleet.sessions().get(2 * i));
                    chatsOf.add(List.of(pop.chats.get(i).id()));
                }
                // A tenth of the senders (at most 50) probe the way to the edge and back with pings.
                fleet.probe(senders.subList(0, Math.min(PROBES, Math.max(1, senders.size() / 10))), PROBE_EVERY);
                LoadDriver driver = new LoadDriver(senders, chatsOf, new Random(42), config.bodyChars());
                LoadPhases load = new LoadPhases(tracker, driver, log);
                // The connects and the warm-up are the cold start: their costs say where the first minute goes.
                ArrayNode steps = results.putArray("steps");
                CostMeter.Snapshot cold = meter.snapshot();
                CostMeter.Snapshot[] warmed = new CostMeter.Snapshot[1];
                double warmUpStart = timeline.secondsAt(System.nanoTime());
                double[] warmUpEnd = new double[1];
                LoadPhases.Step warm = load.step("warm-up", config.warmUpRate(), config.warmUp(), config.p99Limit(), () -> {
                    warmUpEnd[0] = timeline.secondsAt(System.nanoTime());
                    warmed[0] = meter.snapshot();
                });
                steps.add(StepCosts.of(log, "warm-up", config.warmUpRate(), warm.offered(), warm, CostMeter.delta(cold, warmed[0])));
                ColdStart coldStart = new ColdStart(populated, connected, warmUpStart, warmUpEnd[0]);
                ConnectStorm storm = new ConnectStorm(fleet.sessions().size(), whileConnecting, CostMeter.delta(cold, warmed[0]));
                if (config.jfrRate() < 0) {
                    Profiler.stop(runDir.resolve("jfr-warm-up"));
                }
                fleet.drain(config.drainTimeout());
                if (config.jfrRate() < 0) {
                    Profiler.summarise(runDir.resolve("jfr-warm-up"));
                }
                double[] unused = new double[1];
                for (int rate : config.warmRates()) {
                    steps.add(rateStep(load, tracker, meter, "warming-" + rate, rate, timeline, unused));
                    fleet.drain(config.drainTimeout());
                }
                awaitQuiet(meter);

                CostMeter.Snapshot before = meter.snapshot();
                Thread.sleep(config.idle().toMillis());
                steps.add(StepCosts.of(log, "idle", 0, 0, null, CostMeter.delta(before, meter.snapshot())));
                double[] lastOffered = new double[1];
                for (int i = 0; i < config.rates().size(); i++) {
                    int rate = config.rates().get(i);
                    boolean profiled = rate == config.jfrRate();
                    if (profiled) {
                        Profiler.start(runDir.resolve("jfr"), config.step());
                    }
                    steps.add(rateStep(load, tracker, meter, "rate-" + rate, rate, timeline, lastOffered));
                    // The step after the last one follows at once: its backlog is part of what it measures.
                    if (i < config.rates().size() - 1 || config.afterRate() == 0) {
                        int unacked = fleet.drain(config.drainTimeout());
                        if (unacked > 0) {
                            log.printf("  %d sends still unacked after the step%n", unacked);
                        }
                    }
                    if (profiled) {
                        Profiler.summarise(runDir.resolve("jfr"));
                    }
                }
                if (config.afterRate() > 0 && !config.rates().isEmpty()) {
                    int overloadRate = config.rates().getLast();
                    double overloadEnd = lastOffered[0];
                    double afterStart = timeline.secondsAt(System.nanoTime());
                    steps.add(rateStep(load, tracker, meter, "after-" + overloadRate, config.afterRate(), timeline, lastOffered));
                    OverloadRecovery recovery = new OverloadRecovery(overloadRate, overloadEnd, config.afterRate(),
                            afterStart, lastOffered[0]);
                    results.set("after_overload", recovery.summarise(timeline, config.p99Limit()));
                    log.printf("  after %d msgs/s: delivery p99 within %d ms for good %.1f s after its last send%n",
                            overloadRate, config.p99Limit().toMillis(), recovery.recoverySeconds(timeline.seconds(), config.p99Limit()));
                }
                fleet.drain(config.drainTimeout());
                fleet.catchUpAll(Duration.ofSeconds(60));
                HistoryWriterLag.await(stack.kafkaBootstrap(), HistoryWriterLag.LIMIT, log);
                RunLog runLog = RunHistory.collect(client, pop, fleet, tracker);
                List<Violation> violations = new ConsistencyChecker().check(runLog);
                sampling.close();
                ObjectNode coldStartSummary = coldStart.summarise(timeline, cpu.rows(), config.p99Limit());
                coldStartSummary.set("connect_storm", storm.summarise());
                results.set("cold_start", coldStartSummary);
                Files.writeString(runDir.resolve("timeline.csv"), timeline.csv());
                Files.writeString(runDir.resolve("cpu.csv"), cpu.csv());
                results.put("violations", violations.size());
                results.put("messages_sent", runLog.sends().size());
                return new Result(results, violations);
            }
        }
    }

    /** One fixed-rate step and its costs; {@code lastOffered[0]} gets the timeline second of its last send. */
    private ObjectNode rateStep(LoadPhases load, Tracker tracker, CostMeter meter, String name, int rate, Timeline timeline,
                                double[] lastOffered) {
        CostMeter.Snapshot[] after = new CostMeter.Snapshot[1];
        EdgeAcks.Snapshot[] edgeAfter = new EdgeAcks.Snapshot[1];
        EdgeAcks.Snapshot edgeStart = edgeAcks.snapshot();
        CostMeter.Snapshot start = meter.snapshot();
        long from = (long) Math.ceil(timeline.secondsAt(System.nanoTime()));
        LoadPhases.Step s = load.step(name, rate, config.step(), config.p99Limit(), () -> {
            lastOffered[0] = timeline.secondsAt(System.nanoTime());
            after[0] = meter.snapshot();
            edgeAfter[0] = edgeAcks.snapshot();
        });
        Percentiles admitted = tracker.phase().admittedPercentiles();
        ObjectNode step = StepCosts.of(log, name, rate, s.offered(), s, CostMeter.delta(start, after[0]))
                .put("refusals", tracker.phase().errors()).put("abandoned", tracker.phase().abandoned())
                .put("admitted_ack_p50_ms", admitted.p50()).put("admitted_ack_p99_ms", admitted.p99());
        for (PhaseStats.Wait w : PhaseStats.Wait.values()) {
            Percentiles waited = tracker.phase().percentiles(w);
            step.put(w.key + "_p50_ms", waited.p50()).put(w.key + "_p99_ms", waited.p99());
        }
        long to = (long) Math.floor(lastOffered[0]);
        step.put("ping_rtt_p50_ms", timeline.pingPercentile(from, to, 50))
                .put("ping_rtt_p99_ms", timeline.pingPercentile(from, to, 99));
        ObjectNode atTheEdge = EdgeAcks.summarise(edgeStart, edgeAfter[0]);
        if (atTheEdge != null) {
            step.set("edge_acks", atTheEdge);
        }
        return step;
    }

    /** Waits until the log stops growing (the warm-up's backlog is through), so the idle step measures idling. */
    private void awaitQuiet(CostMeter meter) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        CostMeter.Snapshot last = meter.snapshot();
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            CostMeter.Snapshot now = meter.snapshot();
            if (CostMeter.delta(last, now).offsets().keySet().stream().noneMatch(t -> t.startsWith("parley"))) {
                return;
            }
            last = now;
        }
        log.println("  the log was still growing after 90 s; measuring anyway");
    }

    /** The results document and what the consistency checker found. */
    public record Result(ObjectNode results, List<Violation> violations) {}
}
