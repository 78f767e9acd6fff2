package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.event.Command;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Stage 2 on its own, with stores that fail on purpose: a failure while deciding is dead-lettered
 * with nothing written; a failure once the outputs are being applied escapes (the task fails and
 * its transaction aborts) instead of committing a seq without its message.
 */
class ConversationProcessorTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    KeyValueStore<String, ConversationMembers> members;
    KeyValueStore<String, Long> sequences;
    KeyValueStore<String, DedupeLog.Entry> dedupe;
    KeyValueStore<String, Long> reads;

    ConversationProcessor processor(boolean sequencesFailOnWrite, boolean readsFailOnWrite, boolean membersBroken) {
        context.setRecordMetadata("parley.commands.by-conversation.v1", 0, 7);
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        members = TestStores.inMemory(context, Names.MEMBERS_STORE, new JsonSerde<>(ConversationMembers.class));
        members.put("c", new ConversationMembers("c", "group", "t", List.of("alice", "bob"), 1, T0));
        if (membersBroken) {
            context.addStateStore(TestStores.failing(Names.MEMBERS_STORE));
        }
        sequences = TestStores.inMemory(context, Names.SEQUENCES_STORE, Serdes.Long());
        if (sequencesFailOnWrite) {
            context.addStateStore(TestStores.failingWrites(sequences));
        }
        dedupe = TestStores.inMemory(context, Names.DEDUPE_STORE, new JsonSerde<>(DedupeLog.Entry.class));
        reads = TestStores.inMemory(context, Names.READS_STORE, Serdes.Long());
        if (readsFailOnWrite) {
            context.addStateStore(TestStores.failingWrites(reads));
        }
        TestStores.inMemory(context, Names.TYPING_STORE, Serdes.Long());
        ConversationProcessor p = new ConversationProcessor(Duration.ofHours(24), Duration.ofSeconds(2));
        p.init(context);
        return p;
    }

    static Record<byte[], byte[]> send(String clientMsgId) {
        return TestStores.raw("c", new SendCommand("alice", "c", clientMsgId, "m-" + clientMsgId, "hi",
                new Origin("node-1", "s-1"), T0), T0.toEpochMilli());
    }

    @Test
    void aSendIsSequencedAndAllItsOutputsAreForwarded() {
        ConversationProcessor p = processor(false, false, false);
        p.process(send("1"));
        assertThat(sequences.get("c")).isEqualTo(1);
        assertThat(context.forwarded(Names.MESSAGES_SINK)).hasSize(1);
        assertThat(context.forwarded(Names.DELIVERIES_SINK)).hasSize(1);
        // The ack rides on the delivery: no reply record.
        Delivery d = TestStores.decoded(context.forwarded(Names.DELIVERIES_SINK).getFirst().record().value(), Delivery.class);
        assertThat(d.ackTo()).isEqualTo(new Origin("node-1", "s-1"));
        assertThat(d.ack()).extracting(AckFrame::clientMsgId, AckFrame::seq).containsExactly("1", 1L);
        assertThat(context.forwarded(Names.CONVERSATION_REPLIES)).isEmpty();
    }

    @Test
    void aFailureWhileWritingTheCounterEscapesAndForwardsNothing() {
        ConversationProcessor p = processor(true, false, false);
        assertThatThrownBy(() -> p.process(send("1"))).hasMessageContaining("disk full");
        // Not dead-lettered (that would commit the transaction), no message, no ack, no dedupe entry.
        assertThat(context.forwarded()).isEmpty();
        assertThat(sequences.get("c")).isNull();
        assertThat(dedupe.approximateNumEntries()).isZero();
    }

    @Test
    void aFailureWhileWritingAReadPositionEscapesAndForwardsNothing() {
        ConversationProcessor p = processor(false, true, false);
        p.process(send("1"));
        context.resetForwards();
        Record<byte[], byte[]> read = TestStores.raw("c", new ReadCommand("bob", "c", 1, new Origin("n", "s"), T0),
                T0.toEpochMilli());
        assertThatThrownBy(() -> p.process(read)).hasMessageContaining("disk full");
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aFailureWhileDecidingIsDeadLetteredWithNothingWritten() {
        ConversationProcessor p = processor(false, false, true);
        p.process(send("1"));
        var letters = context.forwarded(Names.CONVERSATION_DEAD_LETTERS);
        assertThat(letters).hasSize(1);
        assertThat(TestStores.decoded(letters.getFirst().record().value(), DeadLetter.class).reason()).startsWith("unexpected");
        assertThat(context.forwarded()).hasSize(1);
        assertThat(sequences.get("c")).isNull();
    }

    @Test
    void aDeliveryTooLargeToProduceIsDeadLetteredWithTheOriginalBytesAndNothingWritten() {
        ConversationProcessor p = processor(false, false, false);
        // A snapshot stored before member ids were validated: 1,000 ids of 2,000 chars make a 2 MB chunk.
        List<String> longIds = new java.util.ArrayList<>(List.of("alice"));
        for (int i = 0; i < 999; i++) {
            longIds.add(i + "x".repeat(2000));
        }
        members.put("c", new ConversationMembers("c", "group", "t", longIds, 2, T0));
        Record<byte[], byte[]> send = send("1");
        p.process(send);

        var letters = context.forwarded(Names.CONVERSATION_DEAD_LETTERS);
        assertThat(letters).hasSize(1);
        DeadLetter letter = TestStores.decoded(letters.getFirst().record().value(), DeadLetter.class);
        assertThat(java.util.Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(send.value());
        assertThat(letter.reason()).contains("exceeds");
        assertThat(context.forwarded()).hasSize(1);
        assertThat(sequences.get("c")).isNull();
        p.process(send("2")); // the task goes on
        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void aRecordKeyedByAnotherConversationIsDeadLettered() {
        ConversationProcessor p = processor(false, false, false);
        p.process(TestStores.raw("other", new SendCommand("alice", "c", "1", "m-1", "hi", new Origin("n", "s"), T0),
                T0.toEpochMilli()));
        assertThat(context.forwarded(Names.CONVERSATION_DEAD_LETTERS)).hasSize(1);
        assertThat(sequences.get("c")).isNull();
    }
}
