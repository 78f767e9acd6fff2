package dev.parley.sinks.internal;

import static dev.parley.sinks.internal.HistoryWriterTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.fakes.InMemoryDeadLetters;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import dev.parley.sinks.fakes.InMemoryNodePublisher;
import dev.parley.sinks.fakes.InMemoryPresenceDirectory;
import dev.parley.sinks.HistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
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

    @BeforeEach
    void assign() {
        worker = new BatchWorker<>("history", consumer, HistoryWriter.TOPICS, new HistoryWriter(store), deadLetters,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), Duration.ofMillis(10),
                Duration.ofSeconds(10), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
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
    }

    @Test
    void runClosesTheConsumerAfterWakeup() {
        worker.wakeup();

        worker.run();

        assertThat(consumer.closed()).isTrue();
    }
}
