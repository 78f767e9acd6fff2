package dev.parley.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.internal.CostMeter;
import dev.parley.bench.internal.Machine;
import dev.parley.common.config.Settings;
import dev.parley.common.event.Message;
import dev.parley.common.event.MessageBuckets;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topics;
import dev.parley.infra.CassandraServer;
import dev.parley.infra.KafkaServer;
import dev.parley.infra.Ports;
import dev.parley.ops.Ops;
import dev.parley.sinks.HistoryRecords;
import dev.parley.sinks.Rebuild;
import dev.parley.sinks.SinksConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The replay profile: how fast {@code parley replay rebuild} rewrites history from the log, as a
 * ratio of what this machine's Cassandra takes in raw inserts of the same rows, measured in the
 * same run on the same servers (issue: target ≥ 0.8). Only Kafka and Cassandra run: no live sinks
 * write alongside, so both sides are measured alone on the same two servers.
 */
public final class ReplayBench {
    public static final double TARGET = 0.8;
    static final String RAW_KEYSPACE = "bench_raw";
    static final String REBUILD_KEYSPACE = "bench_rebuild";
    /** HistoryPartitions' limits: the batched variant writes the chunks the sinks would. */

    private final ReplayBenchConfig config;
    private final Path home;
    private final Path dataDir;
    private final PrintStream log;

    public ReplayBench(ReplayBenchConfig config, Path home, Path dataDir, PrintStream log) {
        this.config = config;
        this.home = home;
        this.dataDir = dataDir;
        this.log = log;
    }

    public ObjectNode run() throws Exception {
        ObjectNode r = Json.mapper().createObjectNode().put("profile", "replay");
        r.set("config", Json.mapper().valueToTree(config));
        r.set("machine", Machine.describe());
        KafkaServer kafka = new KafkaServer(new KafkaServer.Config(home, dataDir.resolve("kafka"), Ports.free(), Ports.free()));
        CassandraServer cql = new CassandraServer(new CassandraServer.Config(home, dataDir.resolve("cassandra"),
                Ports.free(), Ports.free(), Ports.free(), null));
        Thread hook = new Thread(() -> { cql.stop(); kafka.stop(); }, "replay-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (kafka; cql) {
            long t0 = System.nanoTime();
            log.println("bench: starting Kafka and Cassandra");
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<?> k = pool.submit(kafka::start);
                Future<?> c = pool.submit(cql::start);
                k.get();
                c.get();
            }
            Ops.applyTopics(kafka.bootstrapServers(), home.resolve("topics.yaml"), 1);
            for (String ks : List.of(RAW_KEYSPACE, REBUILD_KEYSPACE)) {
                Ops.applyCqlSchema(cql.contactPoint(), cql.localDatacenter(), ks, Ops.LOCAL_REPLICATION);
            }
            r.put("stack_start_seconds", (System.nanoTime() - t0) / 1e9);
            List<Message> messages = messages(config);
            r.put("produce_seconds", produce(kafka.bootstrapServers(), messages));
            // The user's sinks.* settings apply to the rebuild, and its in-flight limit to the raw loops too.
            Settings settings = Rebuild.defaults(Settings.fromEnvironment()).with(Map.of("kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "cql.contact-points", cql.contactPoint(), "cql.local-datacenter", cql.localDatacenter(),
                    "cql.keyspace", REBUILD_KEYSPACE, "sinks.history.group-id", "bench-rebuild-" + UUID.randomUUID()));
            SinksConfig sinks = SinksConfig.from(settings);
            settings.validate();
            r.put("max_in_flight", sinks.maxInFlight()).put("max_poll_records", sinks.maxPollRecords());
            List<List<Message>> singles = messages.stream().map(List::of).toList();
            List<List<Message>> chunks = chunks(messages);
            double[] single = new double[2];
            double[] batched = new double[2];
            double rebuild;
            try (CqlSession raw = session(sinks, RAW_KEYSPACE)) {
                PreparedStatement insert = raw.prepare("INSERT INTO messages (conversation_id, bucket, seq, message_id,"
                        + " sender_id, client_msg_id, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                Function<List<Message>, Statement<?>> one = m -> bind(insert, m.getFirst());
                Function<List<Message>, Statement<?>> batch = c -> BatchStatement.newInstance(BatchType.UNLOGGED,
                        c.stream().map(m -> bind(insert, m)).toArray(BoundStatement[]::new)).setIdempotent(true);
                // Uncounted: the first connections, the JIT of both JVMs, Cassandra's first memtable.
                write(raw, singles.subList(0, Math.min(20_000, singles.size())), one, sinks.maxInFlight());
                // Raw, rebuild, raw again: neither side gets only the warmer JVMs and the fuller memtables.
                ObjectNode phases = r.putObject("phases");
                single[0] = timed(raw, singles, one, sinks.maxInFlight(), "raw single-row 1", phases);
                batched[0] = timed(raw, chunks, batch, sinks.maxInFlight(), "raw batched 1", phases);
                rebuild = rebuild(sinks, messages.size(), phases);
                single[1] = timed(raw, singles, one, sinks.maxInFlight(), "raw single-row 2", phases);
                batched[1] = timed(raw, chunks, batch, sinks.maxInFlight(), "raw batched 2", phases);
                r.put("rebuild_rows_stored", count(raw, REBUILD_KEYSPACE));
            }
            ObjectNode rawNode = r.putObject("raw");
            rawNode.putObject("single_row").put("run_1", single[0]).put("run_2", single[1]).put("mean", (single[0] + single[1]) / 2);
            rawNode.putObject("batched").put("run_1", batched[0]).put("run_2", batched[1])
                    .put("mean", (batched[0] + batched[1]) / 2).put("statements", chunks.size());
            boolean batchedBest = batched[0] + batched[1] > single[0] + single[1];
            double best = batchedBest ? (batched[0] + batched[1]) / 2 : (single[0] + single[1]) / 2;
            double ratio = rebuild / best;
            r.put("rebuild_msgs_per_s", rebuild).put("raw_best_msgs_per_s", best).put("raw_best_variant", batchedBest ? "batched" : "single_row")
                    .put("ratio", ratio).put("target", TARGET).put("target_met", ratio >= TARGET)
                    // Against one INSERT per row, the plain raw insert rate: what the rebuild does
                    // when its polls hold one row per partition.
                    .put("ratio_single_row", rebuild / ((single[0] + single[1]) / 2));
            r.put("duration_seconds", (System.nanoTime() - t0) / 1e9);
            return r;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
        }
    }

    /** Round-robin over the conversations, seq 1.. in each, two alternating senders per conversation. */
    static List<Message> messages(ReplayBenchConfig c) {
        Random rnd = new Random(42);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3 * c.conversations(); i++) {
            ids.add(new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        }
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<Message> out = new ArrayList<>(c.messages());
        char[] body = new char[c.bodyBytes()];
        for (int i = 0; i < c.messages(); i++) {
            int conv = i % c.conversations();
            long seq = i / c.conversations() + 1;
            for (int b = 0; b < body.length; b++) {
                body[b] = (char) ('a' + rnd.nextInt(26));
            }
            out.add(new Message(ids.get(3 * conv), seq, new UUID(rnd.nextLong(), rnd.nextLong()).toString(),
                    ids.get(3 * conv + 1 + (int) (seq % 2)), new UUID(rnd.nextLong(), rnd.nextLong()).toString(), new String(body),
                    base.plusMillis(i)));
        }
        return out;
    }

    /** The single-partition batches the history writer would write of these rows (its own rule). */
    static List<List<Message>> chunks(List<Message> messages) {
        return HistoryRecords.writes(messages);
    }

    private double produce(String bootstrap, List<Message> messages) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AtomicReference<Exception> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, Message> producer = new KafkaProducer<>(p, Topics.MESSAGES.keySerde().serializer(),
                Topics.MESSAGES.valueSerde().serializer())) {
            for (Message m : messages) {
                producer.send(new ProducerRecord<>(Topics.MESSAGES.name(), m.conversationId(), m),
                        (md, e) -> failed.compareAndSet(null, e));
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        log.printf("bench: %d messages produced to %s in %.1f s%n", messages.size(), Topics.MESSAGES.name(), s);
        return s;
    }

    /** The rebuild as {@code parley replay rebuild} runs it, into a fresh keyspace with a new group. */
    private double rebuild(SinksConfig sinks, int messages, ObjectNode phases) {
        long[] firstRead = {0};
        Map<String, Double> cpu = CostMeter.cpu();
        Rebuild.Result res;
        try (Rebuild rebuild = Rebuild.open(sinks, Clock.systemUTC())) {
            res = rebuild.run(new Rebuild.Progress() {
                private final Map<TopicPartition, Long> from = new LinkedHashMap<>();

                @Override
                public void started(List<Rebuild.Span> spans) {
                    spans.forEach(s -> from.put(s.partition(), s.from()));
                }

                @Override
                public void advanced(Map<TopicPartition, Long> positions) {
                    if (firstRead[0] == 0 && positions.entrySet().stream().anyMatch(e -> e.getValue() > from.get(e.getKey()))) {
                        firstRead[0] = System.nanoTime();
                    }
                }
            });
        }
        double afterFirstPoll = (System.nanoTime() - firstRead[0]) / 1e9;
        if (!res.complete()) {
            throw new IllegalStateException("the rebuild stopped before the end of the log");
        }
        double seconds = res.took().toNanos() / 1e9;
        phase(phases, "rebuild", messages, seconds, cpu).put("skipped", res.skipped())
                .put("records", res.spans().stream().mapToLong(Rebuild.Span::records).sum())
                // From the first poll that returned records: without connecting, preparing and joining the group.
                .put("after_first_poll_seconds", afterFirstPoll).put("after_first_poll_msgs_per_s", messages / afterFirstPoll);
        return messages / seconds;
    }

    /** The sinks' driver settings (CqlSessions): LOCAL_QUORUM, idempotent, their timeout and throttler. */
    private static CqlSession session(SinksConfig c, String keyspace) {
        return CqlSession.builder().addContactPoints(c.cqlContactPoints()).withLocalDatacenter(c.cqlLocalDatacenter())
                .withKeyspace(keyspace).withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, c.requestTimeout())
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                        .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
                        .withString(DefaultDriverOption.REQUEST_THROTTLER_CLASS, "ConcurrencyLimitingRequestThrottler")
                        .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS, c.maxInFlight())
                        .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, 1_000_000).build())
                .build();
    }

    private static BoundStatement bind(PreparedStatement insert, Message m) {
        return insert.bind(m.conversationId(), MessageBuckets.of(m.seq()), m.seq(), m.messageId(), m.senderId(),
                m.clientMsgId(), m.body(), m.sentAt());
    }

    /** Into an emptied table, like the rebuild's fresh keyspace; rows per second from the first send to the last reply. */
    private double timed(CqlSession s, List<List<Message>> units, Function<List<Message>, Statement<?>> bind, int inFlight,
            String name, ObjectNode phases) throws Exception {
        s.execute(SimpleStatement.newInstance("TRUNCATE messages").setTimeout(Duration.ofSeconds(120)));
        long rows = units.stream().mapToLong(List::size).sum();
        Map<String, Double> cpu = CostMeter.cpu();
        double seconds = write(s, units, bind, inFlight);
        phase(phases, name, rows, seconds, cpu);
        return rows / seconds;
    }

    /** A phase's rate and CPU ms per message of each process (the bench's own JVM, which runs the rebuild, is {@code bench}). */
    private ObjectNode phase(ObjectNode phases, String name, long rows, double seconds, Map<String, Double> cpuBefore) {
        ObjectNode p = phases.putObject(name).put("seconds", seconds).put("msgs_per_s", rows / seconds);
        ObjectNode cpu = p.putObject("cpu_ms_per_message");
        CostMeter.cpu().forEach((proc, ms) -> cpu.put(proc.equals("load-client") ? "bench" : proc,
                (ms - cpuBefore.getOrDefault(proc, 0.0)) / rows));
        log.printf("  %-18s %8.0f msgs/s (%.1f s; CPU ms/msg %s)%n", name, rows / seconds, seconds, cpu);
        return p;
    }

    private static double write(CqlSession s, List<List<Message>> units, Function<List<Message>, Statement<?>> bind,
            int inFlight) throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (List<Message> u : units) {
            permits.acquire();
            s.executeAsync(bind.apply(u)).whenComplete((rs, e) -> {
                if (e != null) {
                    failed.compareAndSet(null, e);
                }
                permits.release();
            });
        }
        permits.acquire(inFlight);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failed.get() != null) {
            throw new IllegalStateException("a raw insert failed: " + failed.get(), failed.get());
        }
        return seconds;
    }

    private static long count(CqlSession s, String keyspace) {
        return s.execute(SimpleStatement.newInstance("SELECT count(*) FROM " + keyspace + ".messages")
                .setTimeout(Duration.ofSeconds(120))).one().getLong(0);
    }
}
