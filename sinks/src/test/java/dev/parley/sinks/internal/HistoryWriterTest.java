package dev.parley.sinks.internal;

import static dev.parley.sinks.internal.MembershipChangeTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.observe.Tracing;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.sinks.fakes.InMemoryHistoryStore;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryPresence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class HistoryWriterTest {
    private final InMemoryHistoryStore store = new InMemoryHistoryStore();
    private final HistoryWriter writer = new HistoryWriter(store, new SimpleMeterRegistry(), Tracing.idsOnly());

    static Message message(String conversation, long seq) {
        return new Message(conversation, seq, "m" + seq, "alice", "cm" + seq, "hello " + seq,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seq));
    }

    private void write(List<ConsumerRecord<byte[], byte[]>> records) {
        writer.apply(writer.decode(records).batch()).toCompletableFuture().join();
    }

    @Test
    void splitsTheBatchByTopicKeepingLogOrder() {
        var decoded = writer.decode(List.of(
                Records.of(Topics.MESSAGES, 0, 0, "c1", message("c1", 2)),
                Records.of(Topics.READS, 0, 0, "c1/bob", new ReadPosition("c1", "bob", 2, Instant.EPOCH)),
                Records.of(Topics.MESSAGES, 0, 1, "c1", message("c1", 1)),
                Records.of(Topics.MEMBERSHIPS, 0, 0, "c1", snapshot("c1", 1, "alice", "bob"))));

        HistoryBatch batch = decoded.batch();
        assertThat(batch.messages()).extracting(Message::seq).containsExactly(2L, 1L);
        assertThat(batch.reads()).hasSize(1);
        assertThat(batch.memberships()).hasSize(1);
        assertThat(decoded.rejected()).isEmpty();
    }

    @Test
    void rejectsUnreadableRecordsAndSkipsTombstones() {
        var decoded = writer.decode(List.of(
                Records.raw(Topics.MESSAGES, 0, 0, "{not json"),
                Records.raw(Topics.MESSAGES, 0, 1, "{\"conversationId\":\"c1\",\"seq\":1}"),
                new ConsumerRecord<byte[], byte[]>(Topics.READS.name(), 0, 0, "c1/bob".getBytes(), null),
                Records.of(Topics.MESSAGES, 0, 2, "c1", message("c1", 3))));

        assertThat(decoded.batch().messages()).extracting(Message::seq).containsExactly(3L);
        assertThat(decoded.batch().reads()).isEmpty();
        assertThat(decoded.rejected()).extracting(r -> r.record().offset()).containsExactly(0L, 1L);
        assertThat(decoded.rejected().get(0).reason()).startsWith("cannot decode");
        assertThat(decoded.rejected().get(1).reason()).isEqualTo("required fields missing or invalid");
    }

    @Test
    void highestSequenceWinsWhateverTheOrderAndReplaysChangeNothing() {
        var records = List.of(
                Records.of(Topics.MESSAGES, 0, 0, "c1", message("c1", 2)),
                Records.of(Topics.MESSAGES, 0, 1, "c1", message("c1", 1)),
                Records.of(Topics.READS, 0, 0, "c1/bob", new ReadPosition("c1", "bob", 2, Instant.EPOCH)),
                Records.of(Topics.READS, 0, 1, "c1/bob", new ReadPosition("c1", "bob", 1, Instant.EPOCH)));
        write(records);
        write(records);

        assertThat(store.messages("c1")).extracting(Message::seq).containsExactly(1L, 2L);
        assertThat(store.lastMessage("c1").seq()).isEqualTo(2);
        assertThat(store.readSeq("bob", "c1")).isEqualTo(2);
    }

    @Test
    void removedMembersLoseTheConversationAndOldSnapshotsCannotBringThemBack() {
        var v1 = Records.of(Topics.MEMBERSHIPS, 0, 0, "c1", snapshot("c1", 1, "alice", "bob", "carol"));
        write(List.of(v1, Records.of(Topics.MEMBERSHIPS, 0, 1, "c1", snapshot("c1", 2, "alice", "carol"))));

        assertThat(store.conversationsOf("bob")).isEmpty();
        assertThat(store.conversationsOf("carol")).containsExactly("c1");

        write(List.of(Records.of(Topics.MEMBERSHIPS, 0, 2, "c1", snapshot("c1", 3, "alice", "dave"))));
        write(List.of(v1));

        assertThat(store.conversation("c1").version()).isEqualTo(3);
        assertThat(store.conversationsOf("alice")).containsExactly("c1");
        assertThat(store.conversationsOf("dave")).containsExactly("c1");
        assertThat(store.conversationsOf("bob")).isEmpty();
        assertThat(store.conversationsOf("carol")).isEmpty();
    }
}
