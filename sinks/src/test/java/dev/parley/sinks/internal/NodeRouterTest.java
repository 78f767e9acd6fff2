package dev.parley.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.json.Json;
import dev.parley.common.observe.Observability;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodeSubscription;
import dev.parley.common.service.Timer;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class NodeRouterTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final MessageFrame FRAME = new MessageFrame("c1", 7, "m7", "alice", "cm7", "hi", NOW);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryPresence presence = new InMemoryPresence(clock);
    private final InMemoryNodeChannels publisher = new InMemoryNodeChannels();
    private final Observability obs = Observability.inMemory("sinks");
    /** Attempts at unheard envelopes, run by hand. */
    private final List<Runnable> due = new java.util.ArrayList<>();
    private final Timer timer = (delay, task) -> due.add(task);

    private NodeRouter router(InMemoryNodeChannels out) {
        return new NodeRouter(presence, out, timer, 256, obs.meters(), obs.tracing(), clock);
    }

    private List<InMemoryNodeChannels.Published> route(int maxLookups, List<ConsumerRecord<byte[], byte[]>> records) {
        NodeRouter router = new NodeRouter(presence, publisher, timer, maxLookups, obs.meters(), obs.tracing(), clock);
        router.apply(router.decode(records).batch()).toCompletableFuture().join();
        return publisher.published();
    }

    private static ConsumerRecord<byte[], byte[]> delivery(long offset, String... recipients) {
        return Records.of(Topics.DELIVERIES, 0, offset, "c1", new Delivery("c1", List.of(recipients), FRAME));
    }

    private static NodeEnvelope envelope(InMemoryNodeChannels.Published p) {
        return p.envelope();
    }

    @Test
    void oneEnvelopePerNodeForOnlineRecipients() {
        Instant later = NOW.plusSeconds(30);
        presence.vouch("u1", "edge-a", later);
        presence.vouch("u2", "edge-b", later);
        presence.vouch("u3", "edge-a", later);

        var published = route(256, List.of(delivery(0, "u1", "u2", "u3")));

        assertThat(published).extracting(InMemoryNodeChannels.Published::nodeId).containsExactly("edge-a", "edge-b");
        assertThat(envelope(published.get(0)).userIds()).containsExactly("u1", "u3");
        assertThat(envelope(published.get(1)).userIds()).containsExactly("u2");
        assertThat(envelope(published.get(0)).frame()).isEqualTo(FRAME);
        assertThat(envelope(published.get(0)).sessionId()).isNull();
    }

    @Test
    void theAckRidesOnTheEnvelopeToTheSendersNodeAndNowhereElse() {
        Instant later = NOW.plusSeconds(30);
        presence.vouch("alice", "edge-a", later);
        presence.vouch("bob", "edge-b", later);
        var record = Records.of(Topics.DELIVERIES, 0, 0, "c1",
                new Delivery("c1", List.of("alice", "bob"), FRAME, new Origin("edge-a", "s-alice")));

        var published = route(256, List.of(record));

        assertThat(published).extracting(InMemoryNodeChannels.Published::nodeId).containsExactly("edge-a", "edge-b");
        assertThat(envelope(published.get(0))).extracting(NodeEnvelope::userIds, NodeEnvelope::ackSessionId)
                .containsExactly(List.of("alice"), "s-alice");
        assertThat(envelope(published.get(1)).ackSessionId()).isNull();
    }

    @Test
    void anAckWhoseNodePresenceDoesNotKnowGoesAloneToItsSession() {
        presence.vouch("bob", "edge-b", NOW.plusSeconds(30));
        var record = Records.of(Topics.DELIVERIES, 0, 0, "c1",
                new Delivery("c1", List.of("alice", "bob"), FRAME, new Origin("edge-a", "s-alice")));

        var published = route(256, List.of(record));

        assertThat(published).extracting(InMemoryNodeChannels.Published::nodeId).containsExactly("edge-b", "edge-a");
        NodeEnvelope alone = envelope(published.get(1));
        assertThat(alone.sessionId()).isEqualTo("s-alice");
        assertThat(alone.frame()).isEqualTo(new AckFrame("cm7", "c1", 7, "m7", NOW));
        assertThat(alone.userIds()).isNull();
    }

    @Test
    void aDeliveryWhoseAckCannotBeAnsweredIsDeadLetteredNotRouted() {
        var typing = new dev.parley.common.frame.TypingFrame("c1", "alice");
        var wrongFrame = Records.of(Topics.DELIVERIES, 0, 0, "c1",
                new Delivery("c1", List.of("bob"), typing, new Origin("edge-a", "s-alice")));
        var emptyNode = Records.of(Topics.DELIVERIES, 0, 1, "c1",
                new Delivery("c1", List.of("bob"), FRAME, new Origin("", "s-alice")));

        var decoded = router(publisher).decode(List.of(wrongFrame, emptyNode));

        assertThat(decoded.batch()).isEmpty();
        assertThat(decoded.rejected()).hasSize(2);
    }

    @Test
    void expiredAndUnknownPresenceIsOfflineAndSkipped() {
        presence.vouch("u1", "edge-a", NOW.plusSeconds(30));
        presence.vouch("u2", "edge-b", NOW);
        presence.vouch("u3", "edge-b", NOW.minusMillis(1));

        var published = route(256, List.of(delivery(0, "u1", "u2", "u3", "u4")));

        assertThat(published).hasSize(1);
        assertThat(published.getFirst().nodeId()).isEqualTo("edge-a");
        assertThat(envelope(published.getFirst()).userIds()).containsExactly("u1");
    }

    @Test
    void aUserOnTwoNodesGetsTheFrameOnBoth() {
        presence.vouch("u1", "edge-a", NOW.plusSeconds(30));
        presence.vouch("u1", "edge-b", NOW.plusSeconds(30));

        var published = route(256, List.of(delivery(0, "u1")));

        assertThat(published).extracting(InMemoryNodeChannels.Published::nodeId)
                .containsExactlyInAnyOrder("edge-a", "edge-b");
    }

    @Test
    void replyGoesToItsOriginSession() {
        AckFrame ack = new AckFrame("cm7", "c1", 7, "m7", NOW);
        var reply = Records.of(Topics.REPLIES, 0, 0, "edge-z", new Reply(new Origin("edge-z", "s-9"), "alice", ack));

        var published = route(256, List.of(reply));

        assertThat(published).hasSize(1);
        assertThat(published.getFirst().nodeId()).isEqualTo("edge-z");
        NodeEnvelope envelope = envelope(published.getFirst());
        assertThat(envelope.sessionId()).isEqualTo("s-9");
        assertThat(envelope.userIds()).isNull();
        assertThat(envelope.frame()).isEqualTo(ack);
    }

    /**
     * Issue 12: after a Redis restart a router published an ack before the edge had subscribed again;
     * nobody heard it and the client waited for the edge's catch-up from history (12.5 s).
     */
    @Test
    void anAckNobodyHeardIsPublishedAgainUntilTheNodeHearsIt() {
        List<byte[]> heard = new java.util.ArrayList<>();
        listen("edge-z", heard);
        publisher.disconnect("edge-z", NOW);
        AckFrame ack = new AckFrame("cm7", "c1", 7, "m7", NOW);
        var reply = Records.of(Topics.REPLIES, 0, 0, "edge-z", new Reply(new Origin("edge-z", "s-9"), "alice", ack));

        route(256, List.of(reply));
        runDue();
        assertThat(heard).as("not subscribed yet").isEmpty();
        publisher.reconnect("edge-z");
        runDue();
        runDue();

        assertThat(heard).hasSize(1);
        assertThat(Json.read(heard.getFirst(), NodeEnvelope.class).frame()).isEqualTo(ack);
        assertThat(due).as("nothing more once heard").isEmpty();
        assertThat(obs.meters().counter("parley.sinks.unheard", "outcome", "heard").count()).isEqualTo(1);
    }

    @Test
    void aNodeThatNeverHearsIsGivenUpAfterOneEnvelopeUsedEveryAttempt() {
        presence.vouch("u1", "gone", NOW.plusSeconds(30));
        NodeRouter router = router(publisher);

        apply(router, delivery(0, "u1"));
        for (int i = 0; i < UnheardRetries.DELAYS.size(); i++) {
            assertThat(due).as("attempt %d scheduled", i + 1).hasSize(1);
            runDue();
        }
        assertThat(publisher.published()).hasSize(1 + UnheardRetries.DELAYS.size());
        apply(router, delivery(1, "u1"));

        assertThat(due).as("the next envelope to the gone node is not retried").isEmpty();
        assertThat(obs.meters().counter("parley.sinks.unheard", "outcome", "dropped").count()).isEqualTo(2);
        listen("gone", new java.util.ArrayList<>());
        apply(router, delivery(2, "u1"));
        publisher.disconnect("gone", NOW);
        apply(router, delivery(3, "u1"));
        assertThat(due).as("a node heard again is retried again").hasSize(1);
    }

    private static void apply(NodeRouter router, ConsumerRecord<byte[], byte[]> record) {
        router.apply(router.decode(List.of(record)).batch()).toCompletableFuture().join();
    }

    private void listen(String nodeId, List<byte[]> heard) {
        publisher.subscription(nodeId).start(heard::add, new NodeSubscription.Gaps() {
            @Override
            public void lost(Instant at) {
            }

            @Override
            public void back(Instant lostAt) {
            }
        });
    }

    private void runDue() {
        List<Runnable> now = List.copyOf(due);
        due.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void publishesInRecordOrderWhateverTheLookahead() {
        presence.vouch("u1", "edge-a", NOW.plusSeconds(30));
        for (int lookahead : new int[] {1, 2, 256}) {
            InMemoryNodeChannels out = new InMemoryNodeChannels();
            NodeRouter router = new NodeRouter(presence, out, timer, lookahead, obs.meters(), obs.tracing(), clock);
            var records = List.of(
                    Records.of(Topics.DELIVERIES, 0, 0, "c1", new Delivery("c1", List.of("u1"), seqFrame(1))),
                    Records.of(Topics.DELIVERIES, 0, 1, "c1", new Delivery("c1", List.of("u1", "u2"), seqFrame(2))),
                    Records.of(Topics.DELIVERIES, 0, 2, "c1", new Delivery("c1", List.of("u1"), seqFrame(3))));
            router.apply(router.decode(records).batch()).toCompletableFuture().join();

            assertThat(out.published()).extracting(p -> ((MessageFrame) envelope(p).frame()).seq())
                    .as("lookahead %d", lookahead).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aFailedLookupFailsTheBatch() {
        presence.failNext(1);
        NodeRouter router = router(publisher);

        assertThatThrownBy(() -> router.apply(router.decode(List.of(delivery(0, "u1"))).batch()))
                .hasMessageContaining("unavailable");
    }

    @Test
    void workerRetriesUntilPublishedThenCommits() {
        presence.vouch("u1", "edge-a", NOW.plusSeconds(30));
        TopicPartition tp = new TopicPartition(Topics.DELIVERIES.name(), 0);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        var worker = new BatchWorker<>("router", consumer, NodeRouter.TOPICS,
                router(publisher), new InMemoryDeadLetters(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)),
                Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ZERO, clock, new StageMeters(obs.meters(), "router"));
        worker.subscribe();
        consumer.rebalance(List.of(tp));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.addRecord(delivery(0, "u1"));
        presence.failNext(2);
        publisher.failNext(1);

        worker.pollOnce();

        assertThat(publisher.published()).hasSize(1);
        assertThat(consumer.committed(Set.of(tp))).containsEntry(tp, new OffsetAndMetadata(1, java.util.Optional.empty(), ""));
    }

    /** Issue 10: a failed publish used to resend every envelope of the batch (duplicate acks, reads, typing). */
    @Test
    void aFailedPublishIsRetriedAloneAndNothingThatWentOutIsSentAgain() {
        presence.vouch("u1", "edge-a", NOW.plusSeconds(30));
        presence.vouch("u2", "edge-b", NOW.plusSeconds(30));
        TopicPartition deliveries = new TopicPartition(Topics.DELIVERIES.name(), 0);
        TopicPartition replies = new TopicPartition(Topics.REPLIES.name(), 0);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        var worker = new BatchWorker<>("router", consumer, NodeRouter.TOPICS,
                router(publisher), new InMemoryDeadLetters(),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), Duration.ofMillis(10), Duration.ofSeconds(10),
                Duration.ZERO, clock, new StageMeters(obs.meters(), "router"));
        worker.subscribe();
        consumer.rebalance(List.of(deliveries, replies));
        consumer.updateBeginningOffsets(Map.of(deliveries, 0L, replies, 0L));
        consumer.addRecord(delivery(0, "u1", "u2"));
        consumer.addRecord(Records.of(Topics.REPLIES, 0, 0, "edge-z",
                new Reply(new Origin("edge-z", "s-9"), "alice", new AckFrame("cm7", "c1", 7, "m7", NOW))));
        int[] failures = {2};
        publisher.failWhen(p -> p.nodeId().equals("edge-b") && failures[0]-- > 0);

        worker.pollOnce();

        // Polled order across the two topics is the consumer's; what matters is how often each went out.
        assertThat(publisher.attempts()).extracting(InMemoryNodeChannels.Published::nodeId)
                .containsExactlyInAnyOrder("edge-a", "edge-b", "edge-z", "edge-b", "edge-b");
        assertThat(publisher.published()).extracting(InMemoryNodeChannels.Published::nodeId)
                .containsExactlyInAnyOrder("edge-a", "edge-z", "edge-b");
        assertThat(consumer.committed(Set.of(deliveries, replies))).containsEntry(deliveries,
                new OffsetAndMetadata(1, java.util.Optional.empty(), ""));
    }

    @Test
    void aRecordRedisRefusesIsDeadLetteredAndTheOthersOfItsBatchAreRouted() {
        presence.vouch("u1", "edge-a", NOW.plusSeconds(30));
        presence.corrupt("evil");
        InMemoryDeadLetters letters = new InMemoryDeadLetters();
        TopicPartition tp = new TopicPartition(Topics.DELIVERIES.name(), 0);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        var worker = new BatchWorker<>("router", consumer, NodeRouter.TOPICS,
                router(publisher), letters,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), Duration.ofMillis(10), Duration.ofSeconds(10),
                Duration.ZERO, clock, new StageMeters(obs.meters(), "router"));
        worker.subscribe();
        consumer.rebalance(List.of(tp));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.addRecord(Records.of(Topics.DELIVERIES, 0, 0, "c1", new Delivery("c1", List.of("u1"), seqFrame(1))));
        consumer.addRecord(Records.of(Topics.DELIVERIES, 0, 1, "c1", new Delivery("c1", List.of("evil"), seqFrame(2))));
        consumer.addRecord(Records.raw(Topics.DELIVERIES, 0, 2, "{\"conversationId\":\"c1\",\"recipients\":[\"u1\"],"
                + "\"frame\":{\"type\":\"message\",\"body\":\"x\\ud800y\"}}"));
        consumer.addRecord(Records.of(Topics.DELIVERIES, 0, 3, "c1", new Delivery("c1", List.of("u1"), seqFrame(3))));

        worker.pollOnce();

        assertThat(publisher.published()).extracting(p -> ((MessageFrame) envelope(p).frame()).seq())
                .containsExactly(1L, 3L);
        assertThat(letters.letters()).extracting(DeadLetter::offset).containsExactlyInAnyOrder(1L, 2L);
        assertThat(letters.letters()).allSatisfy(l -> assertThat(l.stage()).isEqualTo("router"));
        assertThat(consumer.committed(Set.of(tp))).containsEntry(tp, new OffsetAndMetadata(4, java.util.Optional.empty(), ""));
    }

    private static MessageFrame seqFrame(long seq) {
        return new MessageFrame("c1", seq, "m" + seq, "alice", "cm" + seq, "b", NOW);
    }
}
