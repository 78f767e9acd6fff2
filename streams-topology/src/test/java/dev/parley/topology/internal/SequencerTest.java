package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SequencerTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final ConversationMembers MEMBERS =
            new ConversationMembers("c", "group", "t", List.of("alice", "bob"), 1, T0);
    KeyValueStore<String, Long> sequences;
    KeyValueStore<String, DedupeLog.Entry> entries;
    Sequencer sequencer;

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        sequences = TestStores.inMemory(context, Names.SEQUENCES_STORE, Serdes.Long());
        entries = TestStores.inMemory(context, Names.DEDUPE_STORE, new JsonSerde<>(DedupeLog.Entry.class));
        DedupeLog dedupe = new DedupeLog(entries, Duration.ofHours(24), Duration.ofMinutes(1));
        sequencer = new Sequencer(sequences, dedupe);
    }

    static SendCommand send(String user, String conversation, String clientMsgId, Instant at) {
        return new SendCommand(user, conversation, clientMsgId, "msg-" + user + "-" + clientMsgId + "-" + at, "body",
                new Origin("n", "s"), at);
    }

    @Test
    void seqsStartAtOneAndArePerConversation() {
        ConversationMembers other = new ConversationMembers("d", "group", "t", List.of("alice"), 1, T0);
        assertThat(sequencer.lastSeq("c")).isZero();
        var a = (Sequencer.Accepted) sequencer.accept(send("alice", "c", "1", T0), MEMBERS, T0.toEpochMilli());
        var b = (Sequencer.Accepted) sequencer.accept(send("bob", "c", "1", T0), MEMBERS, T0.toEpochMilli());
        var c = (Sequencer.Accepted) sequencer.accept(send("alice", "d", "2", T0), other, T0.toEpochMilli());
        assertThat(List.of(a.message().seq(), b.message().seq(), c.message().seq())).containsExactly(1L, 2L, 1L);
        assertThat(sequencer.lastSeq("c")).isEqualTo(2);
        assertThat(sequences.get("d")).isEqualTo(1);
    }

    @Test
    void theMessageAndAckComeFromTheCommandAlone() {
        SendCommand cmd = send("alice", "c", "1", T0);
        var a = (Sequencer.Accepted) sequencer.accept(cmd, MEMBERS, T0.toEpochMilli() + 5);
        assertThat(a.message()).isEqualTo(new Message("c", 1, cmd.messageId(), "alice", "1", "body", T0));
        assertThat(a.ack()).isEqualTo(new AckFrame("1", "c", 1, cmd.messageId(), T0));
    }

    @Test
    void aRetryGetsTheOriginalAckEvenAfterTheSenderLeft() {
        var first = (Sequencer.Accepted) sequencer.accept(send("alice", "c", "1", T0), MEMBERS, 0);
        var retry = sequencer.accept(send("alice", "c", "1", T0.plusSeconds(5)), null, 5_000);
        assertThat(retry).isEqualTo(new Sequencer.Duplicate(first.ack()));
        assertThat(sequencer.lastSeq("c")).isEqualTo(1);
    }

    @Test
    void outsidersAndUnknownConversationsAreRefusedWithoutUsingASeq() {
        var outsider = (Sequencer.Refused) sequencer.accept(send("eve", "c", "1", T0), MEMBERS, 0);
        var unknown = (Sequencer.Refused) sequencer.accept(send("alice", "zzz", "1", T0), null, 0);
        assertThat(outsider.error().code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(outsider.error().clientMsgId()).isEqualTo("1");
        assertThat(unknown.error().code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(sequencer.lastSeq("c")).isZero();
        assertThat(entries.approximateNumEntries()).isZero();
    }

    @Test
    void afterTheWindowTheSameClientMsgIdIsANewMessage() {
        sequencer.accept(send("alice", "c", "1", T0), MEMBERS, 0);
        long justBefore = Duration.ofHours(24).toMillis() - 1;
        assertThat(sequencer.accept(send("alice", "c", "1", T0), MEMBERS, justBefore)).isInstanceOf(Sequencer.Duplicate.class);
        var again = sequencer.accept(send("alice", "c", "1", T0), MEMBERS, justBefore + 1);
        assertThat(again).isInstanceOf(Sequencer.Accepted.class);
        assertThat(((Sequencer.Accepted) again).message().seq()).isEqualTo(2);
    }
}
