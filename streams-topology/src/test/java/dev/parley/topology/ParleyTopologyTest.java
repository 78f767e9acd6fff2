package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.ReadFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.topology.internal.DedupeLog;
import dev.parley.topology.internal.Names;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParleyTopologyTest {
    @TempDir
    Path stateDir;
    Harness h;

    @BeforeEach
    void start() {
        h = new Harness(stateDir);
        h.members("c1", 1, "alice", "bob", "carol");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private List<Reply> replies() {
        return h.replies.readValuesToList();
    }

    private static ErrorFrame error(Reply r) {
        assertThat(r.frame()).isInstanceOf(ErrorFrame.class);
        return (ErrorFrame) r.frame();
    }

    @Test
    void sendsGetConsecutiveSeqsAnAckAndDeliveriesToAllMembers() {
        SendCommand first = h.send("alice", "c1", "a-1", "hello");
        h.send("bob", "c1", "b-1", "hi");
        h.send("alice", "c1", "a-2", "how are you");

        List<TestRecord<String, Message>> log = h.messages.readRecordsToList();
        assertThat(log).extracting(TestRecord::key).containsOnly("c1");
        assertThat(log).extracting(r -> r.value().seq()).containsExactly(1L, 2L, 3L);
        Message m1 = log.getFirst().value();
        assertThat(m1).isEqualTo(new Message("c1", 1, first.messageId(), "alice", "a-1", "hello", first.receivedAt()));

        List<TestRecord<String, Reply>> replies = h.replies.readRecordsToList();
        assertThat(replies).hasSize(3);
        assertThat(replies.getFirst().key()).isEqualTo("node-alice");
        assertThat(replies.getFirst().value().origin()).isEqualTo(Harness.origin("alice"));
        assertThat(replies.getFirst().value().frame())
                .isEqualTo(new AckFrame("a-1", "c1", 1, first.messageId(), first.receivedAt()));

        List<Delivery> deliveries = h.deliveries.readValuesToList();
        assertThat(deliveries).hasSize(3);
        assertThat(deliveries.getFirst().recipients()).containsExactly("alice", "bob", "carol");
        assertThat(deliveries.getFirst().frame()).isEqualTo(MessageFrame.of(m1));
        // Each ack rode on its message's delivery, none on the replies topic (issue 11).
        assertThat(deliveries).extracting(Delivery::ackTo)
                .containsExactly(Harness.origin("alice"), Harness.origin("bob"), Harness.origin("alice"));
        assertThat(h.fromReplyTopic).isZero();
    }

    @Test
    void aLargeGroupIsDeliveredInChunksOfAtMostAThousand() {
        List<String> members = IntStream.range(0, 2500).mapToObj(i -> "u" + i).toList();
        h.members("big", 1, members);
        h.send("u7", "big", "x", "to everyone");

        List<Delivery> deliveries = h.deliveries.readValuesToList();
        assertThat(deliveries).hasSize(3);
        assertThat(deliveries).allSatisfy(d -> assertThat(d.recipients().size()).isLessThanOrEqualTo(Delivery.MAX_RECIPIENTS));
        Set<String> union = new HashSet<>();
        deliveries.forEach(d -> union.addAll(d.recipients()));
        assertThat(union).containsExactlyInAnyOrderElementsOf(members);
        assertThat(deliveries.stream().mapToInt(d -> d.recipients().size()).sum()).isEqualTo(2500);
    }

    @Test
    void aNonMemberOrAnUnknownConversationIsRefused() {
        h.send("mallory", "c1", "m-1", "let me in");
        h.send("alice", "nowhere", "a-1", "hello?");

        assertThat(h.messages.isEmpty()).isTrue();
        assertThat(h.deliveries.isEmpty()).isTrue();
        assertThat(replies()).extracting(r -> error(r).code(), r -> error(r).clientMsgId())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorCode.NOT_MEMBER, "m-1"),
                        org.assertj.core.groups.Tuple.tuple(ErrorCode.NOT_MEMBER, "a-1"));
    }

    @Test
    void membershipChangesApplyToLaterSends() {
        h.send("carol", "c1", "c-1", "still here");
        h.members("c1", 2, "alice", "bob");
        h.send("carol", "c1", "c-2", "am I gone?");
        h.members("c1", 3, "alice", "bob", "dave");
        h.send("dave", "c1", "d-1", "new here");
        h.members("c1", 1, "alice", "bob", "carol"); // a stale snapshot changes nothing
        h.send("carol", "c1", "c-3", "back?");

        assertThat(h.messages.readValuesToList()).extracting(Message::senderId, Message::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("carol", 1L),
                        org.assertj.core.groups.Tuple.tuple("dave", 2L));
        List<Reply> replies = replies();
        assertThat(replies).hasSize(4);
        assertThat(error(replies.get(1)).code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(error(replies.get(3)).code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(h.deliveries.readValuesToList().get(1).recipients()).containsExactly("alice", "bob", "dave");
    }

    @Test
    void invalidSendsGetBadRequestOrTooLarge() {
        h.send("alice", "c1", "a-1", "");
        h.send("alice", "c1", "a-2", "x".repeat(4001));
        h.send("alice", "c1", "", "no id");
        h.send("alice", "c1", "a-3", "😀".repeat(4000)); // 4000 code points is within the limit

        List<Reply> replies = replies();
        assertThat(replies).extracting(r -> r.frame().getClass().getSimpleName())
                .containsExactly("ErrorFrame", "ErrorFrame", "ErrorFrame", "AckFrame");
        assertThat(error(replies.get(0))).extracting(ErrorFrame::code, ErrorFrame::clientMsgId)
                .containsExactly(ErrorCode.BAD_REQUEST, "a-1");
        assertThat(error(replies.get(1))).extracting(ErrorFrame::code, ErrorFrame::clientMsgId)
                .containsExactly(ErrorCode.TOO_LARGE, "a-2");
        assertThat(error(replies.get(2)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(h.messages.readValuesToList()).extracting(Message::clientMsgId).containsExactly("a-3");
    }

    @Test
    void sendsAreRateLimitedPerUserByRecordTime() {
        for (int i = 0; i < 21; i++) {
            h.send("alice", "c1", "a-" + i, "burst " + i);
        }
        h.send("bob", "c1", "b-0", "bob has his own bucket");
        List<Reply> burst = replies();
        assertThat(burst.subList(0, 20)).allSatisfy(r -> assertThat(r.frame()).isInstanceOf(AckFrame.class));
        ErrorFrame refused = error(burst.get(20));
        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused.clientMsgId()).isEqualTo("a-20");
        assertThat(refused.retryAfterMs()).isPositive().isLessThanOrEqualTo(100);
        assertThat(burst.get(21).frame()).isInstanceOf(AckFrame.class);

        h.read("alice", "c1", 1);   // reads and typing do not use the bucket
        h.typing("alice", "c1");
        h.advance(Duration.ofSeconds(1));
        for (int i = 100; i < 112; i++) {
            h.send("alice", "c1", "a-" + i, "later " + i);
        }
        List<Reply> later = replies();
        assertThat(later.stream().filter(r -> r.frame() instanceof AckFrame).count()).isEqualTo(10);
        assertThat(later.subList(10, 12)).allSatisfy(r -> assertThat(error(r).code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(h.messages.readValuesToList()).hasSize(31);
    }

    @Test
    void aRepeatedClientMsgIdGetsTheOriginalAckAndNoSecondMessage() {
        SendCommand original = h.send("alice", "c1", "a-1", "once");
        h.advance(Duration.ofHours(23));
        h.send("alice", "c1", "a-1", "once");

        List<Reply> replies = replies();
        assertThat(replies).hasSize(2);
        AckFrame ack = new AckFrame("a-1", "c1", 1, original.messageId(), original.receivedAt());
        assertThat(replies).extracting(Reply::frame).containsExactly(ack, ack);
        assertThat(h.fromReplyTopic).as("the retry's ack is a reply: it has no delivery to ride on").isEqualTo(1);
        assertThat(h.messages.readValuesToList()).hasSize(1);
        assertThat(h.deliveries.readValuesToList()).hasSize(1);
    }

    @Test
    void aRepeatAfterTheDedupeWindowIsANewMessage() {
        h.send("alice", "c1", "a-1", "once");
        h.advance(Duration.ofHours(24).plusSeconds(1));
        h.send("bob", "c1", "b-1", "moves stream time so expiry runs");
        SendCommand again = h.send("alice", "c1", "a-1", "once");

        assertThat(h.messages.readValuesToList()).extracting(Message::seq).containsExactly(1L, 2L, 3L);
        assertThat(replies().getLast().frame())
                .isEqualTo(new AckFrame("a-1", "c1", 3, again.messageId(), again.receivedAt()));
    }

    /**
     * Expiry runs on the dedupe store itself (issue 11: no time index, so no second changelog
     * record per send): an entry the window has passed is gone after stream time moves on.
     */
    @Test
    void theDedupeStoreIsSweptWithoutAnIndex() {
        h.send("alice", "c1", "a-1", "once");
        KeyValueStore<String, DedupeLog.Entry> dedupe = h.driver.getKeyValueStore(Names.DEDUPE_STORE);
        assertThat(dedupe.approximateNumEntries()).isEqualTo(1);
        assertThat(h.driver.getAllStateStores()).doesNotContainKey("dedupe-expiry");

        h.advance(Duration.ofHours(24).plusMinutes(2));
        h.send("bob", "c1", "b-1", "moves stream time so the sweep runs");

        assertThat(dedupe.get(DedupeLog.key("c1", "alice", "a-1"))).isNull();
        assertThat(dedupe.get(DedupeLog.key("c1", "bob", "b-1"))).isNotNull();
    }

    @Test
    void readPositionsNeverMoveBackwardsAndGoToTheOtherMembers() {
        for (int i = 1; i <= 5; i++) {
            h.send("alice", "c1", "a-" + i, "m" + i);
        }
        h.deliveries.readValuesToList();
        h.read("bob", "c1", 3);
        h.read("bob", "c1", 2);   // backwards: ignored
        h.read("bob", "c1", 3);   // equal: ignored
        h.read("bob", "c1", 99);  // clamped to the last seq
        h.read("mallory", "c1", 1);

        assertThat(h.reads.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.seq())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c1/bob", 3L),
                        org.assertj.core.groups.Tuple.tuple("c1/bob", 5L));
        List<Delivery> receipts = h.deliveries.readValuesToList();
        assertThat(receipts).extracting(Delivery::frame)
                .containsExactly(new ReadFrame("c1", "bob", 3), new ReadFrame("c1", "bob", 5));
        assertThat(receipts).allSatisfy(d -> assertThat(d.recipients()).containsExactly("alice", "carol"));
        List<Reply> replies = replies().subList(5, 6);
        assertThat(error(replies.getFirst()).code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(h.reads.isEmpty()).isTrue();
    }

    @Test
    void typingGoesOnlyToTheOtherMembersAndOutsidersAreDropped() {
        h.typing("bob", "c1");
        h.typing("mallory", "c1");

        List<Delivery> deliveries = h.deliveries.readValuesToList();
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.getFirst().recipients()).containsExactly("alice", "carol");
        assertThat(deliveries.getFirst().frame()).isEqualTo(new TypingFrame("c1", "bob"));
        assertThat(h.replies.isEmpty()).isTrue();
        assertThat(h.messages.isEmpty()).isTrue();
    }

    @Test
    void typingIsForwardedAtMostOncePerUserAndConversationEveryTwoSeconds() {
        h.members("c2", 1, "alice", "bob");
        for (int i = 0; i < 20; i++) { // a burst within 1.9 s
            h.typing("bob", "c1");
            h.advance(Duration.ofMillis(100));
        }
        h.typing("bob", "c2");   // another conversation: its own allowance
        h.typing("alice", "c1"); // another user: her own allowance
        h.advance(Duration.ofMillis(100)); // 2.0 s after bob's first
        h.typing("bob", "c1");
        h.typing("bob", "c1");

        assertThat(h.deliveries.readValuesToList()).extracting(d -> (TypingFrame) d.frame())
                .containsExactly(new TypingFrame("c1", "bob"), new TypingFrame("c2", "bob"),
                        new TypingFrame("c1", "alice"), new TypingFrame("c1", "bob"));
        assertThat(h.replies.isEmpty()).isTrue(); // dropped silently
        assertThat(h.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheStreamContinues() {
        h.rawCommands.pipeInput("alice", "this is not json".getBytes(StandardCharsets.UTF_8), h.now());
        h.send("alice", "c1", "a-1", "after the poison");

        List<DeadLetter> letters = h.deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.getFirst();
        assertThat(letter.sourceTopic()).isEqualTo("parley.commands.v1");
        assertThat(new String(java.util.Base64.getDecoder().decode(letter.valueBase64()), StandardCharsets.UTF_8))
                .isEqualTo("this is not json");
        assertThat(letter.reason()).contains("Command");
        assertThat(h.messages.readValuesToList()).extracting(Message::clientMsgId).containsExactly("a-1");
    }

    @Test
    void aCommandWithoutOriginIsDeadLetteredNotAnswered() {
        h.rawCommands.pipeInput("alice", """
                {"kind":"typing","userId":"alice","conversationId":"c1","receivedAt":"2026-03-01T10:00:00Z"}"""
                .getBytes(StandardCharsets.UTF_8), h.now());
        h.typing("bob", "c1");

        assertThat(h.deadLetters.readValuesToList()).extracting(DeadLetter::stage, DeadLetter::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stage1", "command without a valid origin or userId"));
        assertThat(h.replies.isEmpty()).isTrue();
        assertThat(h.deliveries.readValuesToList()).hasSize(1);
    }

    @Test
    void acceptedReadPositionIsKeyedByConversationAndUser() {
        h.send("alice", "c1", "a-1", "m");
        h.read("carol", "c1", 1);
        TestRecord<String, ReadPosition> r = h.reads.readRecord();
        assertThat(r.key()).isEqualTo(ReadPosition.key("c1", "carol"));
        assertThat(r.value()).isEqualTo(new ReadPosition("c1", "carol", 1, h.now()));
    }
}
