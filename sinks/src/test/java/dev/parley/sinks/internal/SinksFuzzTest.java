package dev.parley.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import dev.parley.common.observe.Observability;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.topic.Topic;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import dev.parley.testkit.fuzz.FuzzCampaign;
import dev.parley.testkit.fuzz.Hostile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes on every input topic of both stages, through decoding, the handlers and the
 * worker against the in-memory store (which refuses what Cassandra refuses) and publisher. Each
 * hostile record is followed by a good one on the same partition. A crash is an exception that
 * escapes the worker, a stuck stage (the good record not applied, its offset not committed, or
 * the same record attempted over and over), or a hostile record that was neither applied
 * correctly nor dead-lettered.
 */
class SinksFuzzTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** More store or presence calls than this for one hostile and one good record means a retry loop. */
    private static final int STUCK = 200;

    record Input(Topic<String, ?> topic, byte[] value) {
        @Override
        public String toString() {
            return topic.name() + " " + java.util.HexFormat.of().formatHex(value);
        }
    }

    private static final Map<Topic<String, ?>, List<String>> SEEDS = Map.of(
            Topics.MESSAGES, List.of(Json.write(new Message("c1", 7, "m7", "alice", "cm7", "hi \ud83d\ude00", NOW))),
            Topics.READS, List.of(Json.write(new ReadPosition("c1", "bob", 7, NOW))),
            Topics.MEMBERSHIPS, List.of(Json.write(new ConversationMembers("c1", "group", "t", List.of("alice", "bob"),
                    3, NOW))),
            Topics.DELIVERIES, List.of(Json.write(new Delivery("c1", List.of("u1", "u2"), new TypingFrame("c1", "alice")))),
            Topics.REPLIES, List.of(Json.write(new Reply(new Origin("edge-z", "s-1"), "alice",
                    new AckFrame("cm7", "c1", 7, "m7", NOW)))));
    private static final List<Topic<String, ?>> TOPICS = List.of(Topics.MESSAGES, Topics.READS, Topics.MEMBERSHIPS,
            Topics.DELIVERIES, Topics.REPLIES);

    private final InMemoryHistoryStore store = new InMemoryHistoryStore();
    private final InMemoryPresence presence = new InMemoryPresence(CLOCK);
    private final InMemoryNodeChannels publisher = new InMemoryNodeChannels();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final Observability obs = Observability.inMemory("sinks");
    private final MockConsumer<byte[], byte[]> historyConsumer = new MockConsumer<>("earliest");
    private final MockConsumer<byte[], byte[]> routerConsumer = new MockConsumer<>("earliest");
    private final Map<String, Long> nextOffset = new HashMap<>();
    private BatchWorker<?> history;
    private BatchWorker<?> router;
    private int good;
    private int applied;
    /** Envelopes published before the current input: only later ones are looked at. */
    private int publishedBefore;

    @Test
    void hostileRecordsOnEveryInputTopic() {
        presence.vouch("u1", "edge-a", NOW.plusSeconds(60));
        presence.vouch("u2", "edge-b", NOW.plusSeconds(60));
        presence.vouch("good", "edge-g", NOW.plusSeconds(60));
        history = worker("history", historyConsumer, HistoryWriter.TOPICS, new HistoryWriter(store, obs.meters(), obs.tracing()));
        router = worker("router", routerConsumer, NodeRouter.TOPICS, new NodeRouter(presence, publisher, (delay, task) -> { }, 256, obs.meters(), obs.tracing(), CLOCK));

        // One WARNING per dead letter is right for an operator, but not for a million inputs.
        java.util.logging.Logger workerLog = java.util.logging.Logger.getLogger(BatchWorker.class.getName());
        workerLog.setLevel(java.util.logging.Level.SEVERE);
        FuzzCampaign.Result result;
        try {
            result = FuzzCampaign.run("sinks", r -> {
                Topic<String, ?> topic = TOPICS.get(r.nextInt(TOPICS.size()));
                return new Input(topic, Hostile.bytes(r, SEEDS.get(topic)));
            }, this::check);
        } finally {
            workerLog.setLevel(null);
        }

        assertThat(result.crashes()).isZero();
        // Both outcomes occur, or the campaign would not be testing both paths.
        assertThat(applied).isPositive();
        assertThat(deadLetters.letters()).hasSizeGreaterThan(result.inputs() / 10);
        System.out.printf("sinks fuzz: %d inputs, %d dead-lettered, %d applied%n", result.inputs(),
                deadLetters.letters().size(), applied);
    }

    private <B> BatchWorker<B> worker(String name, MockConsumer<byte[], byte[]> consumer, List<String> topics,
                                      BatchHandler<B> handler) {
        BatchWorker<B> w = new BatchWorker<>(name, consumer, topics, handler, deadLetters,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ofMillis(1), Duration.ofSeconds(5),
                Duration.ZERO, CLOCK, new StageMeters(obs.meters(), name));
        w.subscribe();
        List<TopicPartition> partitions = topics.stream().map(t -> new TopicPartition(t, 0)).toList();
        consumer.rebalance(partitions);
        consumer.updateBeginningOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> 0L)));
        return w;
    }

    private void check(Input input) {
        String topic = input.topic().name();
        boolean toHistory = HistoryWriter.TOPICS.contains(topic);
        MockConsumer<byte[], byte[]> consumer = toHistory ? historyConsumer : routerConsumer;
        long hostileOffset = add(consumer, topic, input.value());
        String goodId = "good-" + (++good);
        long goodOffset = add(consumer, topic, goodRecord(input.topic(), goodId));
        int lettersBefore = deadLetters.count();
        int callsBefore = store.callCount() + publisher.attemptCount();
        publishedBefore = publisher.publishedCount();

        (toHistory ? history : router).pollOnce();

        TopicPartition tp = new TopicPartition(topic, 0);
        var committed = consumer.committed(java.util.Set.of(tp)).get(tp);
        assertThat(committed).as("stuck: offset not committed").isNotNull();
        assertThat(committed.offset()).as("stuck: offset").isEqualTo(goodOffset + 1);
        assertThat(store.callCount() + publisher.attemptCount() - callsBefore).as("retry loop").isLessThan(STUCK);
        assertThat(goodApplied(input.topic(), goodId)).as("the good record after it").isTrue();
        List<DeadLetter> letters = deadLetters.since(lettersBefore);
        assertThat(letters).allSatisfy(l -> assertThat(l.offset()).isEqualTo(hostileOffset));
        if (letters.isEmpty()) {
            assertThat(appliedCorrectly(input)).as("neither applied nor dead-lettered").isTrue();
            applied++;
        } else {
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(java.util.Base64.getDecoder().decode(l.valueBase64())).isEqualTo(input.value());
                assertThat(l.reason()).isNotBlank();
            });
        }
    }

    private long add(MockConsumer<byte[], byte[]> consumer, String topic, byte[] value) {
        long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
        consumer.addRecord(new ConsumerRecord<>(topic, 0, offset, "k".getBytes(), value));
        return offset;
    }

    private static byte[] goodRecord(Topic<String, ?> topic, String id) {
        Object value = switch (topic.name()) {
            case "parley.messages.v1" -> new Message(id, 1, "m1", "alice", "cm1", "fine", NOW);
            case "parley.reads.v1" -> new ReadPosition(id, "bob", 1, NOW);
            case "parley.memberships.v1" -> new ConversationMembers(id, "direct", null, List.of("alice"), 1, NOW);
            case "parley.deliveries.v1" -> new Delivery(id, List.of("good"), new TypingFrame(id, "alice"));
            default -> new Reply(new Origin("edge-g", id), "alice", new AckFrame("cm1", id, 1, "m1", NOW));
        };
        return Json.writeBytes(value);
    }

    private boolean goodApplied(Topic<String, ?> topic, String id) {
        return switch (topic.name()) {
            case "parley.messages.v1" -> store.messages(id).size() == 1;
            case "parley.reads.v1" -> Long.valueOf(1).equals(store.readSeq("bob", id));
            case "parley.memberships.v1" -> store.conversation(id) != null;
            case "parley.deliveries.v1" -> envelopes().anyMatch(e -> e.frame() instanceof TypingFrame t
                    && id.equals(t.conversationId()));
            default -> envelopes().anyMatch(e -> id.equals(e.sessionId()));
        };
    }

    /** A hostile record that was not dead-lettered must have decoded, validly, and have had its effect. */
    private boolean appliedCorrectly(Input input) {
        Object value = input.topic().valueSerde().deserializer().deserialize(input.topic().name(), input.value());
        return switch (value) {
            case Message m -> m.equals(store.messages(m.conversationId()).stream()
                    .filter(s -> s.seq() == m.seq()).findFirst().orElse(null));
            case ReadPosition p -> store.readSeq(p.userId(), p.conversationId()) >= p.seq();
            case ConversationMembers c -> store.conversation(c.conversationId()).version() >= c.version();
            case Delivery d -> d.recipients().isEmpty() || d.recipients().stream().noneMatch(u -> u.equals("u1")
                    || u.equals("u2") || u.equals("good")) || envelopes().anyMatch(e -> d.frame().equals(e.frame()));
            case Reply r -> envelopes().anyMatch(e -> r.origin().sessionId().equals(e.sessionId())
                    && r.frame().equals(e.frame()));
            default -> false;
        };
    }

    private java.util.stream.Stream<NodeEnvelope> envelopes() {
        return publisher.publishedSince(publishedBefore).stream().map(p -> p.envelope());
    }
}
