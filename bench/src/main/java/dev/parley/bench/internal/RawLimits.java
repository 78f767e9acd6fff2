package dev.parley.bench.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The machine's raw limits on the very servers Parley uses, with records of a Parley message's
 * size: Kafka produce-and-consume (acks=all, idempotent, like Parley's producers), CQL single-row
 * inserts into a scratch table, Redis PUBLISH. After an uncounted one-second warm-up, each loop keeps {@value #IN_FLIGHT} requests in
 * flight for the given time; the rate is what completed per second.
 */
public final class RawLimits {
    /** Operations per second of each loop. */
    public record Result(double kafkaMsgsPerSecond, double cqlInsertsPerSecond, double redisPublishesPerSecond,
            int recordBytes) {

        public String slowest() {
            double min = Math.min(kafkaMsgsPerSecond, Math.min(cqlInsertsPerSecond, redisPublishesPerSecond));
            return min == kafkaMsgsPerSecond ? "kafka" : min == cqlInsertsPerSecond ? "cql" : "redis";
        }

        public double slowestPerSecond() {
            return Math.min(kafkaMsgsPerSecond, Math.min(cqlInsertsPerSecond, redisPublishesPerSecond));
        }
    }

    static final int IN_FLIGHT = 128;
    private static final String TOPIC = "bench.raw-limit";

    private RawLimits() {
    }

    public static Result measure(String kafka, String cqlContactPoint, String datacenter, String redisUri,
            byte[] record, Duration each) throws Exception {
        // One second of each first, not counted: connections, prepared statements and the JIT warm up.
        Duration warm = Duration.ofSeconds(1);
        kafka(kafka, record, warm);
        cql(cqlContactPoint, datacenter, new String(record), warm);
        redis(redisUri, new String(record), warm);
        return new Result(kafka(kafka, record, each), cql(cqlContactPoint, datacenter, new String(record), each),
                redis(redisUri, new String(record), each), record.length);
    }

    static double kafka(String bootstrap, byte[] record, Duration d) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        AtomicLong consumed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            long start = System.nanoTime();
            long end = start + d.toNanos();
            Semaphore permits = new Semaphore(IN_FLIGHT * 8);
            long produced = 0;
            while (System.nanoTime() < end) {
                permits.acquire();
                producer.send(new ProducerRecord<>(TOPIC, record), (m, e) -> permits.release());
                produced++;
                if ((produced & 1023) == 0) {
                    consumed.addAndGet(consumer.poll(Duration.ZERO).count());
                }
            }
            producer.flush();
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (consumed.get() < produced && System.nanoTime() < drainUntil) {
                consumed.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
            }
            return consumed.get() / ((System.nanoTime() - start) / 1e9);
        }
    }

    static double cql(String contactPoint, String datacenter, String body, Duration d) throws Exception {
        String[] hp = contactPoint.split(":");
        try (CqlSession s = CqlSession.builder().addContactPoint(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])))
                .withLocalDatacenter(datacenter)
                // Schema changes take seconds on a busy machine; the driver's 2 s would fail them.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60)).build())
                .build()) {
            s.execute("CREATE KEYSPACE IF NOT EXISTS parley_bench WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            s.execute("CREATE TABLE IF NOT EXISTS parley_bench.scratch (id uuid PRIMARY KEY, body text)");
            PreparedStatement insert = s.prepare("INSERT INTO parley_bench.scratch (id, body) VALUES (?, ?)");
            Semaphore permits = new Semaphore(IN_FLIGHT);
            AtomicLong done = new AtomicLong();
            long start = System.nanoTime();
            long end = start + d.toNanos();
            while (System.nanoTime() < end) {
                permits.acquire();
                s.executeAsync(insert.bind(UUID.randomUUID(), body)).whenComplete((r, e) -> {
                    if (e == null) {
                        done.incrementAndGet();
                    }
                    permits.release();
                });
            }
            permits.acquire(IN_FLIGHT);
            double rate = done.get() / ((System.nanoTime() - start) / 1e9);
            s.execute("TRUNCATE parley_bench.scratch");
            return rate;
        }
    }

    static double redis(String uri, String payload, Duration d) throws Exception {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisAsyncCommands<String, String> cmd = conn.async();
            Semaphore permits = new Semaphore(IN_FLIGHT);
            AtomicLong done = new AtomicLong();
            long start = System.nanoTime();
            long end = start + d.toNanos();
            while (System.nanoTime() < end) {
                permits.acquire();
                cmd.publish("parley:bench:raw-limit", payload).whenComplete((r, e) -> {
                    if (e == null) {
                        done.incrementAndGet();
                    }
                    permits.release();
                });
            }
            permits.acquire(IN_FLIGHT);
            return done.get() / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.shutdown();
        }
    }
}
