package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.infra.RealInfra;
import dev.parley.topology.internal.ThreadFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * The topology's answer to a failed stream thread ({@link ThreadFailures}, installed by
 * {@link Main#create}), on the real broker under exactly_once_v2: a thread that fails is replaced and
 * the record it failed on goes through once, seen by a read_committed reader; a thread that keeps
 * failing takes the client down. A small topology of its own fails on cue: a producer the brokers
 * turned against (the failure this handles) cannot be brought about on purpose.
 */
class ThreadFailuresIT {
    static final Duration WAIT = Duration.ofMinutes(2);
    private final String bootstrap = RealInfra.get().kafkaBootstrap();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aFailedThreadIsReplacedAndItsRecordGoesThroughOnce() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        try (KafkaStreams streams = start("replace", failuresLeft, new ThreadFailures(Clock.systemUTC()))) {
            send("replace", "a", "boom", "b");
            assertThat(readCommitted("replace", 3)).containsExactly("A", "BOOM", "B");
            assertThat(failuresLeft).hasValue(0);
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(streams.metadataForLocalThreads()).hasSize(1)
                    .allSatisfy(t -> assertThat(t.threadName()).as("the replacement").endsWith("StreamThread-2"));
        }
    }

    @Test
    void threadsThatKeepFailingTakeTheClientDown() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
        try (KafkaStreams streams = start("down", failuresLeft, new ThreadFailures(Clock.systemUTC(), 1, Duration.ofMinutes(10)))) {
            send("down", "boom");
            await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.ERROR);
            assertThat(Integer.MAX_VALUE - failuresLeft.get()).as("the first thread and its one replacement").isEqualTo(2);
        }
    }

    /** in → upper case → out; "boom" fails the thread while {@code failuresLeft} is positive. */
    private KafkaStreams start(String name, AtomicInteger failuresLeft, ThreadFailures handler) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic(name, "in"), 1, (short) 1),
                    new NewTopic(topic(name, "out"), 1, (short) 1))).all().get();
        }
        StreamsBuilder b = new StreamsBuilder();
        b.stream(topic(name, "in"), Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> {
                    if (v.equals("boom") && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new IllegalStateException("failing the thread on cue");
                    }
                    return v.toUpperCase();
                })
                .to(topic(name, "out"), Produced.with(Serdes.String(), Serdes.String()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "it-thread-failures-" + name + "-" + run);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("it-thread-failures").toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // The failed thread's consumer does not leave the group: its tasks move when its session expires.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 2000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 500);
        KafkaStreams streams = new KafkaStreams(b.build(), p);
        streams.setUncaughtExceptionHandler(handler);
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private void send(String name, String... values) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                p.send(new ProducerRecord<>(topic(name, "in"), "k", v)).get();
            }
        }
    }

    private List<String> readCommitted(String name, int count) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "it-reader-" + run, "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic(name, "out")));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            }
            // Anything more (a duplicate) would have arrived by now: the commit interval is 100 ms.
            c.poll(Duration.ofSeconds(2)).forEach(r -> seen.add(r.value()));
        }
        return seen;
    }

    private String topic(String name, String dir) {
        return "it-thread-failures-" + name + "-" + dir + "-" + run;
    }
}
