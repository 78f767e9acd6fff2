package dev.parley.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.event.Delivery;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.Observability;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MainTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final List<Map<String, Object>> properties = new CopyOnWriteArrayList<>();
    private final List<MockConsumer<byte[], byte[]>> consumers = new CopyOnWriteArrayList<>();

    /** A mock consumer that gets every partition of its topics (one each) on its first poll. */
    private Consumer<byte[], byte[]> consumer(Map<String, Object> props) {
        properties.add(props);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.schedulePollTask(() -> {
            List<TopicPartition> partitions = consumer.subscription().stream()
                    .map(t -> new TopicPartition(t, 0)).toList();
            consumer.rebalance(partitions);
            consumer.updateBeginningOffsets(partitions.stream().collect(
                    java.util.stream.Collectors.toMap(tp -> tp, tp -> 0L)));
        });
        consumers.add(consumer);
        return consumer;
    }

    @Test
    void startsBothWorkersRoutesAndStopsCleanly() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        InMemoryPresence presence = new InMemoryPresence(clock);
        presence.vouch("bob", "edge-1", NOW.plusSeconds(30));
        InMemoryNodeChannels publisher = new InMemoryNodeChannels();
        List<byte[]> heard = new CopyOnWriteArrayList<>();
        publisher.subscription("edge-1").start(heard::add, new dev.parley.common.redis.NodeSubscription.Gaps() {
            @Override
            public void lost(Instant at) {
            }

            @Override
            public void back(Instant lostAt) {
            }
        });
        AtomicBoolean backendsClosed = new AtomicBoolean();
        SinksConfig config = SinksConfig.from(Settings.of(Map.of()));
        Observability obs = Observability.inMemory("sinks");

        Sinks sinks = Main.setup(config, new SinksBackends(new InMemoryHistoryStore(), presence, publisher,
                new InMemoryDeadLetters(), () -> backendsClosed.set(true)), this::consumer, clock, obs);
        sinks.ready().get(30, TimeUnit.SECONDS);
        assertThat(obs.health().live().checks()).containsOnlyKeys("history-thread", "router-thread")
                .allSatisfy((name, result) -> assertThat(result.up()).as(name).isTrue());
        Map<String, HealthCheck.Result> ready = obs.health().ready().checks();
        assertThat(ready).containsOnlyKeys("history-thread", "router-thread", "history", "router", "warm");
        ready.forEach((name, result) -> assertThat(result.up()).as(name).isEqualTo(!name.equals("warm")));
        // Joined, so the JIT is measured; on this clock its first window never ends.
        assertThat(ready.get("warm").detail()).startsWith("warming up");

        assertThat(properties).extracting(p -> p.get(ConsumerConfig.GROUP_ID_CONFIG))
                .containsExactly("parley-sinks-history", "parley-sinks-router");
        assertThat(properties).allSatisfy(p -> {
            assertThat(p).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            assertThat(p).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        });

        MockConsumer<byte[], byte[]> router = consumers.get(1);
        router.schedulePollTask(() -> router.addRecord(new ConsumerRecord<>(Topics.DELIVERIES.name(), 0, 0, "c1".getBytes(),
                Json.writeBytes(new Delivery("c1", List.of("bob"), new TypingFrame("c1", "alice"))))));
        // The publish is recorded before its completion counts it: wait for the count.
        var routed = obs.meters().get("parley.sinks.routed").tag("kind", "delivery").counter();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> routed.count() > 0);
        String scrape = obs.meters().scrape();
        sinks.close();

        assertThat(publisher.published()).extracting(InMemoryNodeChannels.Published::nodeId)
                .containsExactly("edge-1");
        assertThat(routed.count()).isEqualTo(1.0);
        assertThat(heard).hasSize(1);
        // The Prometheus names docs and dashboards use (sinks/CONFIG.md), with their stage tags.
        assertThat(scrape).contains("parley_sinks_batch_records_bucket{", "parley_sinks_write_seconds_bucket{",
                "parley_sinks_dead_letters_total{", "parley_sinks_outage{", "parley_sinks_outage_paused_seconds_total{",
                "parley_sinks_routed_total{", "parley_sinks_redis_publish_seconds_bucket{",
                "parley_sinks_history_messages_total{");
        assertThat(scrape).contains("stage=\"history\"", "stage=\"router\"", "reason=\"unknown_topic\"");
        assertThat(obs.health().ready().checks().get("router")).isEqualTo(HealthCheck.Result.down("stopped"));
        assertThat(sinks.stopped()).isCompleted().isNotCompletedExceptionally();
        assertThat(consumers).allSatisfy(c -> assertThat(c.closed()).isTrue());
        assertThat(backendsClosed).isTrue();
    }

    @Test
    void withoutAWarmUpWaitAJoinedServiceIsReady() throws Exception {
        SinksConfig config = SinksConfig.from(Settings.of(Map.of(SinksConfig.WARM_UP_WAIT, "0s")));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Observability obs = Observability.inMemory("sinks");
        Sinks sinks = Main.setup(config, new SinksBackends(new InMemoryHistoryStore(), new InMemoryPresence(clock),
                new InMemoryNodeChannels(), new InMemoryDeadLetters(), () -> { }), this::consumer, clock, obs);
        try {
            sinks.ready().get(30, TimeUnit.SECONDS);
            assertThat(obs.health().ready().up()).isTrue();
            assertThat(obs.health().ready().checks().get("warm")).isEqualTo(HealthCheck.Result.up("not waited for"));
        } finally {
            sinks.close();
        }
    }

    @Test
    void aWorkerThatDiesFailsReadinessAndStopped() {
        SinksConfig config = SinksConfig.from(Settings.of(Map.of()));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Observability obs = Observability.inMemory("sinks");
        Sinks sinks = Main.setup(config, new SinksBackends(new InMemoryHistoryStore(),
                new InMemoryPresence(clock), new InMemoryNodeChannels(), new InMemoryDeadLetters(), () -> { }), props -> {
                    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
                    consumer.setPollException(new org.apache.kafka.common.KafkaException("broker says no"));
                    return consumer;
                }, clock, obs);
        try {
            assertThat(sinks.ready()).failsWithin(Duration.ofSeconds(30));
            assertThat(sinks.stopped()).failsWithin(Duration.ofSeconds(30));
            // Both died on their first poll; their threads may still be unwinding.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !obs.health().live().up());
            assertThat(obs.health().ready().checks().get("history").up()).isFalse();
            assertThat(obs.health().ready().checks().get("warm")).isEqualTo(HealthCheck.Result.down("not serving yet"));
        } finally {
            sinks.close();
        }
    }

    /** Issue 10: a start-up timeout or failure printed FATAL and then fell through to READY. */
    @Test
    void onlyAJoinedServiceIsReady() {
        SinksConfig config = SinksConfig.from(Settings.of(Map.of("sinks.startup-timeout", "50ms")));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var neverJoins = new dev.parley.sinks.internal.BatchWorker<>("history", new MockConsumer<byte[], byte[]>("earliest"),
                List.of("t"), null, new InMemoryDeadLetters(),
                new dev.parley.sinks.internal.Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ZERO, clock,
                new dev.parley.sinks.internal.StageMeters(new SimpleMeterRegistry(), "history"));
        Sinks waiting = new Sinks(List.of(neverJoins), () -> { }, Duration.ofSeconds(1));
        Sinks none = new Sinks(List.of(), () -> { }, Duration.ofSeconds(1));
        Sinks died = new Sinks(List.of(neverJoins), () -> { }, Duration.ofSeconds(1));
        died.ready().completeExceptionally(new IllegalStateException("history worker stopped"));

        assertThat(Main.awaitReady(waiting, config)).isInstanceOf(Main.Startup.Failed.class)
                .extracting(s -> ((Main.Startup.Failed) s).reason()).asString()
                .contains("did not join their groups within");
        assertThat(Main.awaitReady(died, config)).isEqualTo(new Main.Startup.Failed(
                "cannot start: IllegalStateException: history worker stopped"));
        assertThat(Main.awaitReady(none, config)).isEqualTo(new Main.Startup.Ready());
    }
}
