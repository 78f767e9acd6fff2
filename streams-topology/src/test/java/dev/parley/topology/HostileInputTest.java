package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Message;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an older or buggy edge, or anything else that can write to the topology's topics, can put
 * there: each record is refused to its session when it names one, dead-lettered with its original
 * bytes otherwise (or as well, when it could not even be decoded), and the next good record flows.
 */
class HostileInputTest {
    /** A send as the edge writes it, with {@code %s} for the body's JSON text (without quotes). */
    static final String SEND = """
            {"kind":"send","userId":"alice","conversationId":"c1","clientMsgId":"x-1","messageId":"m-1",\
            "body":"%s","origin":{"nodeId":"node-alice","sessionId":"session-alice"},\
            "receivedAt":"2026-03-01T10:00:00Z"}""";

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

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code before}, the raw bytes, then {@code after}: bytes no Java string can produce. */
    static byte[] spliced(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(raw);
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }

    static final byte[] CESU_D800 = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};

    void assertRefusedAndDeadLettered(byte[] poison) {
        h.rawCommands.pipeInput("alice", poison, h.now());
        h.send("alice", "c1", "after", "good");

        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().stage()).isEqualTo("stage1");
        assertThat(letters.getFirst().reason()).isNotBlank();
        assertThat(Base64.getDecoder().decode(letters.getFirst().valueBase64())).isEqualTo(poison);
        List<Reply> replies = h.replies.readValuesToList();
        assertThat(replies).hasSize(2);
        assertThat(replies.getFirst().origin().sessionId()).isEqualTo("session-alice");
        assertThat(replies.getFirst().frame()).isEqualTo(new ErrorFrame(ErrorCode.BAD_REQUEST, "not a valid command",
                "x-1", null));
        assertThat(replies.get(1).frame()).isInstanceOfSatisfying(AckFrame.class, a -> assertThat(a.seq()).isEqualTo(1));
        assertThat(h.messages.readValuesToList()).extracting(Message::clientMsgId).containsExactly("after");
    }

    @Test
    void anEscapedLoneSurrogateInABodyIsRefusedToTheSessionAndDeadLettered() {
        assertRefusedAndDeadLettered(utf8(SEND.formatted("x\\ud800y")));
    }

    @Test
    void cesu8SurrogateBytesInABodyAreRefusedToTheSessionAndDeadLettered() {
        String[] parts = SEND.split("%s");
        assertRefusedAndDeadLettered(spliced(parts[0] + "x", CESU_D800, "y" + parts[1]));
    }

    @Test
    void aReasonQuotingASurrogateStillMakesAWritableDeadLetter() {
        // Jackson quotes an unknown type id in its message: here one with a lone surrogate.
        byte[] poison = utf8("{\"kind\":\"x\\ud800\",\"userId\":\"alice\"}");
        h.rawCommands.pipeInput("alice", poison, h.now());
        h.send("alice", "c1", "after", "good");

        DeadLetter letter = h.deadLetters.readValue();
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(poison);
        assertThat(letter.reason()).contains("x\ufffd");
        assertThat(h.messages.readValuesToList()).hasSize(1);
    }

    @Test
    void idsWithControlCharactersOrTooLongAreRefusedWithBadRequest() {
        h.send("alice", "c1\u0000", "a-1", "nul in the conversation id");
        h.send("alice", "c".repeat(129), "a-2", "conversation id too long");
        h.send("alice", "c1", "a\u0007", "bell in the clientMsgId");
        h.send("alice", "c1", "a-3", "fine");

        List<Reply> replies = h.replies.readValuesToList();
        assertThat(replies).extracting(r -> r.frame() instanceof ErrorFrame e ? e.code() : null)
                .containsExactly(ErrorCode.BAD_REQUEST, ErrorCode.BAD_REQUEST, ErrorCode.BAD_REQUEST, null);
        assertThat(((ErrorFrame) replies.get(2).frame()).clientMsgId()).isNull(); // not echoed
        assertThat(h.messages.readValuesToList()).extracting(Message::seq).containsExactly(1L);
    }

    @Test
    void aCommandOnTheByConversationTopicUnderAnotherConversationsKeyIsDeadLettered() {
        // Sequenced on c9's partition, c1's seq could be handed out twice by two tasks.
        h.rawByConversation.pipeInput("c9", utf8(SEND.formatted("hi")), h.now());
        h.send("alice", "c1", "after", "good");

        DeadLetter letter = h.deadLetters.readValue();
        assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS_BY_CONVERSATION.name());
        assertThat(letter.reason()).contains("key");
        assertThat(h.messages.readValuesToList()).extracting(Message::clientMsgId, Message::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("after", 1L));
    }

    @Test
    void anInvalidCommandOnTheByConversationTopicIsRefusedToItsSession() {
        h.rawByConversation.pipeInput("c1", utf8(SEND.formatted("x".repeat(4001))), h.now());
        assertThat(h.replies.readValue().frame()).isInstanceOfSatisfying(ErrorFrame.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThat(h.messages.isEmpty()).isTrue();
    }

    @Test
    void poisonOnEveryInputTopicIsDeadLetteredWithItsBytesAndTheNextRecordFlows() {
        String[] parts = SEND.split("%s");
        List<byte[]> poisons = List.of(utf8("not json {"), utf8(SEND.formatted("x\\ud800")),
                spliced(parts[0], CESU_D800, parts[1]), utf8("{\"kind\":\"send\",\"members\":[1,2]}"), utf8("[]"));
        List<TestInputTopic<String, byte[]>> topics = List.of(h.rawCommands, h.rawByConversation, h.rawMemberships,
                h.rawEdgeCommands);
        int sent = 0;
        for (TestInputTopic<String, byte[]> topic : topics) {
            for (byte[] poison : poisons) {
                topic.pipeInput(topic == h.rawCommands ? "alice" : "c1", poison, h.now());
                h.send("alice", "c1", "good-" + sent++, "good");
            }
        }
        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        assertThat(letters).hasSize(poisons.size() * topics.size());
        for (int i = 0; i < letters.size(); i++) {
            assertThat(Base64.getDecoder().decode(letters.get(i).valueBase64())).isEqualTo(poisons.get(i % poisons.size()));
            assertThat(letters.get(i).reason()).isNotBlank();
        }
        assertThat(h.messages.readValuesToList()).extracting(Message::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, sent).boxed().toList());
    }

    @Test
    void aMembershipSnapshotWithAnInvalidMemberIdIsDeadLettered() {
        h.rawMemberships.pipeInput("c1", utf8("""
                {"conversationId":"c1","kind":"group","title":"t","members":["alice","bob","eve\\u0000"],\
                "version":2,"changedAt":"2026-03-01T10:00:00Z"}"""), h.now());
        h.send("alice", "c1", "a-1", "still the old members");

        assertThat(h.deadLetters.readValue().stage()).isEqualTo("stage2-memberships");
        assertThat(h.deliveries.readValue().recipients()).containsExactly("alice", "bob");
    }
}
