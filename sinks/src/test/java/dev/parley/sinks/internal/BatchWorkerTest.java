package dev.parley.sinks.internal;

import static dev.parley.sinks.internal.HistoryWriterTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.json.Json;
import dev.parley.common.observe.Observability;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.MutableClock;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import dev.parley.sinks.HistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchWorkerTest {
    private static final TopicPartition MESSAGES_0 = new TopicPartition(Topics.MESSAGES.name(), 0);
    private static final TopicPartition MESSAGES_1 = new TopicPartition(Topics.MESSAGES.name(), 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final InMemoryHistoryStore memory = new InMemoryHistoryStore();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final Observability obs = Observability.inMemory("sinks");
    /** What the consumer looked like at each write attempt. */
    private final List<String> observed = new ArrayList<>();
    private Runnable onWrite = () -> { };
    private BatchWorker<HistoryBatch> worker;

    /** Records, at each write attempt, the committed offsets and the paused partitions, then delegates. */
    private final HistoryStore store = new HistoryStore() {
        @Override
        public CompletionStage<Void> writeMessages(List<Message> messages) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(MESSAGES_0, MESSAGES_1));
            observed.add("committed=" + committed.size() + " paused=" + consumer.paused().size());
            onWrite.run();
            return memory.writeMessages(messages);
        }

        @Override
        public CompletionStage<Void> writeReads(List<ReadPosition> reads) {
            return memory.writeReads(reads);
        }

        @Override
        public CompletionStage<Void> writeMemberships(List<ConversationMembers> snapshots) {
            return memory.writeMemberships(snapshots);
        }
    };

    private HistoryWriter writer() {
        return new HistoryWriter(store, obs.meters(), obs.tracing());
    }

    /** The stage's meters on {@link #obs}: the first worker made registers the outage gauge (the one of {@link #assign}). */
    private StageMeters meters() {
        return new StageMeters(obs.meters(), "history");
    }

    @BeforeEach
    void assign() {
        worker = new BatchWorker<>("history", consumer, HistoryWriter.TOPICS, writer(), deadLetters,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), Duration.ofMillis(10),
                Duration.ofSeconds(10), Duration.ZERO, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), meters());
        worker.subscribe();
        consumer.rebalance(List.of(MESSAGES_0, MESSAGES_1));
        consumer.updateBeginningOffsets(Map.of(MESSAGES_0, 0L, MESSAGES_1, 0L));
    }

    private void addMessages(TopicPartition tp, String conversation, long fromSeq, long toSeq) {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            consumer.addRecord(Records.of(Topics.MESSAGES, tp.partition(), seq - fromSeq, conversation,
                    message(conversation, seq)));
        }
    }

    private Long committed(TopicPartition tp) {
        OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
        return o == null ? null : o.offset();
    }

    @Test
    void finishedBatchesAreCommittedAtMostOncePerInterval() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        worker = new BatchWorker<>("history", consumer, HistoryWriter.TOPICS, writer(), deadLetters,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), Duration.ofMillis(10),
                Duration.ofSeconds(10), Duration.ofMillis(100), clock, meters());
        worker.subscribe();
        consumer.rebalance(List.of(MESSAGES_0, MESSAGES_1));
        addMessages(MESSAGES_0, "c0", 1, 2);
        worker.pollOnce();
        assertThat(committed(MESSAGES_0)).as("within the interval").isNull();
        clock.advance(Duration.ofMillis(50));
        addMessages(MESSAGES_1, "c1", 1, 1);
        worker.pollOnce();
        assertThat(committed(MESSAGES_1)).isNull();
        clock.advance(Duration.ofMillis(60));
        worker.pollOnce(); // nothing new: the interval is up, both finished batches go in one commit
        assertThat(committed(MESSAGES_0)).isEqualTo(2);
        assertThat(committed(MESSAGES_1)).isEqualTo(1);
        assertThat(memory.messages("c0")).extracting(Message::seq).containsExactly(1L, 2L);
    }

    @Test
    void joinsOnFirstAssignment() {
        assertThat(worker.joined()).isCompleted();
    }

    @Test
    void retriesTheSameBatchAndCommitsOnlyAfterItSucceeded() {
        addMessages(MESSAGES_0, "c0", 1, 5);
        addMessages(MESSAGES_1, "c1", 1, 3);
        memory.failNext(3);

        worker.pollOnce();

        // Three failed attempts (paused while retrying, nothing committed), then one that succeeded.
        assertThat(observed).containsExactly("committed=0 paused=0", "committed=0 paused=2",
                "committed=0 paused=2", "committed=0 paused=2");
        assertThat(memory.calls()).containsExactly("messages", "messages", "messages", "messages");
        assertThat(committed(MESSAGES_0)).isEqualTo(5);
        assertThat(committed(MESSAGES_1)).isEqualTo(3);
        assertThat(consumer.paused()).isEmpty();
        assertThat(memory.messages("c0")).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(memory.messages("c1")).extracting(Message::seq).containsExactly(1L, 2L, 3L);
        assertThat(memory.lastMessage("c0").seq()).isEqualTo(5);
    }

    @Test
    void nextBatchContinuesAfterTheCommittedOne() {
        addMessages(MESSAGES_0, "c0", 1, 2);
        worker.pollOnce();
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 2, "c0", message("c0", 3)));
        worker.pollOnce();

        assertThat(committed(MESSAGES_0)).isEqualTo(3);
        assertThat(memory.messages("c0")).extracting(Message::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void stoppingDuringAnOutageLeavesTheBatchUncommitted() {
        addMessages(MESSAGES_0, "c0", 1, 2);
        memory.failNext(Integer.MAX_VALUE);
        onWrite = () -> {
            if (observed.size() == 2) {
                worker.wakeup();
            }
        };

        worker.pollOnce();

        assertThat(observed).hasSize(2);
        assertThat(committed(MESSAGES_0)).isNull();
        assertThat(memory.messages("c0")).isEmpty();
    }

    @Test
    void aStopRequestDuringASuccessfulWriteStillCommitsIt() {
        addMessages(MESSAGES_0, "c0", 1, 2);
        onWrite = worker::wakeup;

        worker.pollOnce();

        assertThat(committed(MESSAGES_0)).isEqualTo(2);
    }

    @Test
    void unreadableRecordsAreDeadLetteredNotRetried() {
        consumer.addRecord(Records.raw(Topics.MESSAGES, 0, 0, "garbage"));
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 1, "c0", message("c0", 1)));

        worker.pollOnce();

        assertThat(memory.calls()).containsExactly("messages");
        assertThat(memory.messages("c0")).hasSize(1);
        assertThat(committed(MESSAGES_0)).isEqualTo(2);
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.sourceTopic()).isEqualTo(Topics.MESSAGES.name());
            assertThat(letter.offset()).isZero();
            assertThat(Base64.getDecoder().decode(letter.valueBase64())).asString().isEqualTo("garbage");
            assertThat(letter.stage()).isEqualTo("history");
            assertThat(letter.reason()).startsWith("cannot decode");
        });
    }

    /** The finding of issue 9: an unpaired surrogate the store cannot encode stopped history for everyone. */
    @Test
    void aRecordTheStoreRefusesIsDeadLetteredAndTheRestOfItsBatchIsWritten() {
        addMessages(MESSAGES_0, "c0", 1, 5);
        addMessages(MESSAGES_1, "c1", 1, 2);
        // Decoding is strict now, so a lone surrogate reaches the store only from a lenient decoder:
        // this handler is one, turning the body of c0/3 into "x\ud800y" after decoding.
        worker = new BatchWorker<>("history", consumer, HistoryWriter.TOPICS, lenient(writer()),
                deadLetters, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), Duration.ofMillis(10),
                Duration.ofSeconds(10), Duration.ZERO, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), meters());

        assertTimeoutPreemptively(Duration.ofSeconds(10), worker::pollOnce);

        assertThat(memory.messages("c0")).extracting(Message::seq).containsExactly(1L, 2L, 4L, 5L);
        assertThat(memory.messages("c1")).extracting(Message::seq).containsExactly(1L, 2L);
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.offset()).isEqualTo(2);
            assertThat(letter.partition()).isZero();
            assertThat(Base64.getDecoder().decode(letter.valueBase64()))
                    .isEqualTo(Json.writeBytes(message("c0", 3)));
            assertThat(letter.reason()).contains("MalformedInputException");
        });
        assertThat(committed(MESSAGES_0)).isEqualTo(5);
        assertThat(committed(MESSAGES_1)).isEqualTo(2);
    }

    @Test
    void aValueThatDecodesButTheServerRefusesIsDeadLetteredAlone() {
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 0, "c0", message("c0", 1)));
        Message huge = message("c".repeat(70_000), 1);
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 1, "huge", huge));
        Message beyondCql = new Message("c0", 2, "m2", "alice", "cm2", "b", Instant.MAX);
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 2, "c0", beyondCql));
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 3, "c0", message("c0", 3)));

        worker.pollOnce();

        assertThat(memory.messages("c0")).extracting(Message::seq).containsExactly(1L, 3L);
        assertThat(deadLetters.letters()).extracting(DeadLetter::offset).containsExactly(1L, 2L);
        assertThat(deadLetters.letters()).extracting(DeadLetter::reason)
                .satisfiesExactly(r -> assertThat(r).contains("InvalidQueryException"),
                        r -> assertThat(r).contains("ArithmeticException"));
        assertThat(committed(MESSAGES_0)).isEqualTo(4);
    }

    @Test
    void anOutageWhileIsolatingIsWaitedOutAndLosesNothing() {
        addMessages(MESSAGES_0, "c0", 1, 3);
        worker = new BatchWorker<>("history", consumer, HistoryWriter.TOPICS, lenient(writer()),
                deadLetters, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), Duration.ofMillis(10),
                Duration.ofSeconds(10), Duration.ZERO, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), meters());
        // The whole batch is refused (c0/3), then the store goes down while the first single record is written.
        onWrite = () -> {
            if (observed.size() == 2) {
                memory.failNext(2);
            }
        };

        worker.pollOnce();

        assertThat(memory.messages("c0")).extracting(Message::seq).containsExactly(1L, 2L);
        assertThat(deadLetters.letters()).extracting(DeadLetter::offset).containsExactly(2L);
        assertThat(committed(MESSAGES_0)).isEqualTo(3);
    }

    @Test
    void theDeadLetterTopicDownIsAnOutageNothingIsCommittedPastTheRecord() {
        consumer.addRecord(Records.raw(Topics.MESSAGES, 0, 0, "garbage"));
        deadLetters.failNext(3);
        onWrite = () -> { };

        worker.pollOnce();

        assertThat(deadLetters.letters()).hasSize(1);
        assertThat(committed(MESSAGES_0)).isEqualTo(1);
    }

    @Test
    void stoppingWhileTheDeadLetterTopicIsDownCommitsNothing() {
        consumer.addRecord(Records.raw(Topics.MESSAGES, 0, 0, "garbage"));
        consumer.addRecord(Records.of(Topics.MESSAGES, 0, 1, "c0", message("c0", 1)));
        deadLetters.failNext(Integer.MAX_VALUE);
        onWrite = worker::wakeup;

        worker.pollOnce();

        assertThat(deadLetters.letters()).isEmpty();
        assertThat(committed(MESSAGES_0)).isNull();
    }

    /** The history writer with a lenient decoder: message bodies "hello 3" become a lone surrogate. */
    private static BatchHandler<HistoryBatch> lenient(HistoryWriter writer) {
        return new BatchHandler<>() {
            @Override
            public Decoded<HistoryBatch> decode(List<ConsumerRecord<byte[], byte[]>> records) {
                Decoded<HistoryBatch> d = writer.decode(records);
                List<HistoryBatch.Entry> entries = d.batch().entries().stream().map(e ->
                        e.value() instanceof Message m && m.body().equals("hello 3")
                                ? new HistoryBatch.Entry(e.record(), new Message(m.conversationId(), m.seq(),
                                        m.messageId(), m.senderId(), m.clientMsgId(), "x\ud800y", m.sentAt()))
                                : e).toList();
                return new Decoded<>(new HistoryBatch(entries), d.rejected());
            }

            @Override
            public CompletionStage<Void> apply(HistoryBatch batch) {
                return writer.apply(batch);
            }

            @Override
            public List<Part<HistoryBatch>> parts(HistoryBatch batch) {
                return writer.parts(batch);
            }
        };
    }

    @Test
    void runClosesTheConsumerAfterWakeup() {
        worker.wakeup();

        worker.run();

        assertThat(consumer.closed()).isTrue();
    }
}
