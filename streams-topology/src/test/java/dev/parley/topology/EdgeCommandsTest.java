package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.ReadFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges' commands ({@code parley.commands.v2}, keyed by conversation) go straight to the
 * conversation stage: one hop, no rate limit of the topology (the edge took the token), the same
 * validation, dedupe and sequence as what stage 1 forwards from {@code parley.commands.v1}.
 */
class EdgeCommandsTest {
    @TempDir
    Path stateDir;
    Harness h;

    @BeforeEach
    void start() {
        h = new Harness(stateDir);
        h.members("c1", 1, "alice", "bob");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aSendIsSequencedAckedAndDeliveredWithoutCrossingStageOne() {
        SendCommand send = h.edgeSend("alice", "c1", "a-1", "hello");

        Message m = h.messages.readValue();
        assertThat(m).isEqualTo(new Message("c1", 1, send.messageId(), "alice", "a-1", "hello", send.receivedAt()));
        assertThat(h.replies.readValue().frame())
                .isEqualTo(new AckFrame("a-1", "c1", 1, send.messageId(), send.receivedAt()));
        assertThat(h.deliveries.readValue().frame()).isEqualTo(MessageFrame.of(m));
        assertThat(h.byConversation.isEmpty()).as("nothing re-keyed: stage 1 never saw it").isTrue();
    }

    @Test
    void theTopologyDoesNotRateLimitWhatTheEdgesAlreadyLimited() {
        for (int i = 0; i < 30; i++) {
            h.edgeSend("alice", "c1", "a-" + i, "burst " + i);
        }
        assertThat(h.replies.readValuesToList()).extracting(Reply::frame).allSatisfy(f ->
                assertThat(f).isInstanceOf(AckFrame.class)).hasSize(30);
        assertThat(h.messages.readValuesToList()).extracting(Message::seq).hasSize(30).endsWith(30L);
    }

    @Test
    void bothVersionsShareOneSequenceAndOneDedupe() {
        SendCommand old = h.send("alice", "c1", "a-1", "from an older edge");
        h.edgeSend("bob", "c1", "b-1", "from a new edge");
        h.edge(new SendCommand("alice", "c1", "a-1", UUID.randomUUID().toString(), "from an older edge",
                Harness.origin("alice"), h.now()));

        assertThat(h.messages.readValuesToList()).extracting(Message::seq, Message::clientMsgId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "a-1"),
                        org.assertj.core.groups.Tuple.tuple(2L, "b-1"));
        List<Reply> replies = h.replies.readValuesToList();
        AckFrame original = new AckFrame("a-1", "c1", 1, old.messageId(), old.receivedAt());
        assertThat(replies.get(2).frame()).as("a retry through the new edge gets the original ack").isEqualTo(original);
    }

    @Test
    void nonMembersReadsAndTypingAreHandledAsBefore() {
        h.edgeSend("mallory", "c1", "m-1", "let me in");
        h.edgeSend("alice", "c1", "a-1", "hi");
        h.edge(new ReadCommand("bob", "c1", 1, Harness.origin("bob"), h.now()));
        h.edge(new TypingCommand("alice", "c1", Harness.origin("alice"), h.now()));

        ErrorFrame refused = (ErrorFrame) h.replies.readValuesToList().getFirst().frame();
        assertThat(refused.code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(h.reads.readValuesToList()).hasSize(1);
        assertThat(h.deliveries.readValuesToList()).extracting(d -> (Object) d.frame().getClass())
                .containsExactly(MessageFrame.class, ReadFrame.class, TypingFrame.class);
    }

    @Test
    void typingIsThrottledPerUserAndConversationAcrossEdgesAndBothTopics() {
        h.edge(new TypingCommand("alice", "c1", new dev.parley.common.event.Origin("edge-1", "s1"), h.now()));
        h.edge(new TypingCommand("alice", "c1", new dev.parley.common.event.Origin("edge-2", "s2"), h.now()));
        h.typing("alice", "c1"); // through an older edge and stage 1
        h.advance(java.time.Duration.ofSeconds(2));
        h.edge(new TypingCommand("alice", "c1", new dev.parley.common.event.Origin("edge-2", "s2"), h.now()));

        assertThat(h.deliveries.readValuesToList()).extracting(d -> d.frame())
                .containsExactly(new TypingFrame("c1", "alice"), new TypingFrame("c1", "alice"));
    }

    @Test
    void aRecordKeyedByAnotherConversationOrUnreadableIsDeadLetteredAndTheStreamGoesOn() {
        h.edgeCommands.pipeInput("c2", new SendCommand("alice", "c1", "a-1", UUID.randomUUID().toString(), "wrong key",
                Harness.origin("alice"), h.now()), h.now());
        h.rawEdgeCommands.pipeInput("c1", "not json".getBytes(StandardCharsets.UTF_8), h.now());
        h.edgeSend("alice", "c1", "a-2", "after both");

        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        assertThat(letters).hasSize(2).allSatisfy(l -> {
            assertThat(l.sourceTopic()).isEqualTo(Topics.COMMANDS_V2.name());
            assertThat(l.stage()).isEqualTo("stage2");
        });
        assertThat(h.messages.readValuesToList()).extracting(Message::clientMsgId).containsExactly("a-2");
    }
}
