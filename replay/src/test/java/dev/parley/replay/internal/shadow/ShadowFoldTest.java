package dev.parley.replay.internal.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShadowFoldTest {
    static final long T0 = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();
    static final Origin ORIGIN = new Origin("node-1", "s-1");

    final ShadowFold fold = new ShadowFold();

    /** A send both sides accepted alike: the command, the message and the ack on each side. */
    void accepted(String conversation, long seq, String user, String body, long at) {
        Message m = message(conversation, seq, user, body, at);
        fold.command(command(user, conversation, "cm-" + conversation + "-" + seq, m.messageId(), body, at), at);
        fold.liveMessage(m);
        fold.shadowMessage(m);
        fold.liveReply(ack(m), at);
        fold.shadowReply(ack(m), at);
    }

    static Message message(String conversation, long seq, String user, String body, long at) {
        return new Message(conversation, seq, "id-" + conversation + "-" + seq, user, "cm-" + conversation + "-" + seq,
                body, Instant.ofEpochMilli(at));
    }

    static SendCommand command(String user, String conversation, String clientMsgId, String messageId, String body,
                               long at) {
        return new SendCommand(user, conversation, clientMsgId, messageId, body, ORIGIN, Instant.ofEpochMilli(at));
    }

    static Reply ack(Message m) {
        return new Reply(ORIGIN, m.senderId(),
                new AckFrame(m.clientMsgId(), m.conversationId(), m.seq(), m.messageId(), m.sentAt()));
    }

    static Reply error(String user, ErrorCode code, String clientMsgId) {
        return new Reply(ORIGIN, user, new ErrorFrame(code, "no", clientMsgId, code == ErrorCode.RATE_LIMITED ? 900L : null));
    }

    @Test
    void identicalSidesHaveNoDivergence() {
        for (int seq = 1; seq <= 3; seq++) {
            accepted("c1", seq, "u1", "hello " + seq, T0 + seq);
        }
        ShadowReport report = fold.report();
        assertThat(report.divergent()).isFalse();
        assertThat(report.divergences()).isEmpty();
        assertThat(report.compared()).isEqualTo(1);
        assertThat(report.messagesCompared()).isEqualTo(3);
        assertThat(report.outcomesCompared()).isEqualTo(3);
        assertThat(report.outcomesFrom()).isEqualTo(Instant.ofEpochMilli(T0 + 1));
        assertThat(report.conversations().getFirst().status()).isEqualTo(ConversationResult.Status.COMPARED);
    }

    @Test
    void aDifferentBodyIsOneMessageDivergenceNamingTheField() {
        accepted("c1", 1, "u1", "a", T0);
        Message live = message("c1", 2, "u1", "live body", T0 + 1);
        fold.command(command("u1", "c1", live.clientMsgId(), live.messageId(), "live body", T0 + 1), T0 + 1);
        fold.liveMessage(live);
        fold.shadowMessage(message("c1", 2, "u1", "other body", T0 + 1));

        assertThat(fold.report().divergences()).containsExactly(new Divergence("c1", Divergence.Kind.MESSAGE,
                "seq 2", "body=\"live body\"", "body=\"other body\""));
    }

    @Test
    void aSeqMissingInTheShadowIsADivergence() {
        accepted("c1", 1, "u1", "a", T0);
        accepted("c1", 2, "u1", "b", T0 + 1);
        fold.liveMessage(message("c1", 3, "u1", "c", T0 + 2));

        Divergence d = fold.report().divergences().getFirst();
        assertThat(fold.report().divergences()).hasSize(1);
        assertThat(d.key()).isEqualTo("seq 3");
        assertThat(d.live()).startsWith("id-c1-3 by u1 (cm-c1-3)");
        assertThat(d.shadow()).isEqualTo("missing");
    }

    @Test
    void aShadowRateLimitWhereLiveAckedIsAnOutcomeDivergence() {
        accepted("c1", 1, "u1", "a", T0);
        Message m = message("c1", 2, "u1", "b", T0 + 1);
        fold.command(command("u1", "c1", m.clientMsgId(), m.messageId(), "b", T0 + 1), T0 + 1);
        fold.liveMessage(m);
        fold.liveReply(ack(m), T0 + 1);
        fold.shadowReply(error("u1", ErrorCode.RATE_LIMITED, m.clientMsgId()), T0 + 1);

        assertThat(fold.report().divergences()).contains(new Divergence("c1", Divergence.Kind.OUTCOME,
                "u1/cm-c1-2", "[ack 2]", "[rate_limited]"));
    }

    @Test
    void aDedupeAckMissingInTheShadowIsAnOutcomeDivergence() {
        accepted("c1", 1, "u1", "a", T0);
        Message m = message("c1", 1, "u1", "a", T0);
        fold.command(command("u1", "c1", m.clientMsgId(), "id-retry", "a", T0 + 5), T0 + 5);
        fold.liveReply(ack(m), T0 + 5);

        ShadowReport report = fold.report();
        assertThat(report.divergences()).containsExactly(new Divergence("c1", Divergence.Kind.OUTCOME,
                "u1/cm-c1-1", "[ack 1, ack 1]", "[ack 1]"));
        assertThat(report.outcomesCompared()).isEqualTo(1);
    }

    @Test
    void sameRefusalsAgree() {
        accepted("c1", 1, "u1", "a", T0);
        fold.command(command("u9", "c1", "x", "id-x", "b", T0 + 1), T0 + 1);
        fold.liveReply(error("u9", ErrorCode.NOT_MEMBER, "x"), T0 + 1);
        fold.shadowReply(error("u9", ErrorCode.NOT_MEMBER, "x"), T0 + 1);
        fold.command(command("u1", "c1", "y", "id-y", "b", T0 + 2), T0 + 2);
        fold.liveReply(error("u1", ErrorCode.RATE_LIMITED, "y"), T0 + 2);
        // retryAfterMs depends on nothing the comparison is about
        fold.shadowReply(new Reply(ORIGIN, "u1", new ErrorFrame(ErrorCode.RATE_LIMITED, "slow", "y", 1L)), T0 + 2);

        assertThat(fold.report().divergent()).isFalse();
        assertThat(fold.report().outcomesCompared()).isEqualTo(3);
    }

    @Test
    void aConversationBegunBeforeTheRetainedCommandsIsNotComparableAndNotCounted() {
        accepted("c1", 1, "u1", "a", T0);
        // c2's seq 1 was sent before the commands retention: its messageId is in no retained command.
        fold.liveMessage(message("c2", 1, "u2", "old", T0 - 1_000_000));
        fold.liveMessage(message("c2", 2, "u2", "newer", T0 + 3));
        fold.command(command("u2", "c2", "cm-c2-2", "id-c2-2", "newer", T0 + 3), T0 + 3);
        fold.liveReply(ack(message("c2", 2, "u2", "newer", T0 + 3)), T0 + 3);
        fold.shadowMessage(message("c2", 1, "u2", "newer", T0 + 3));
        fold.shadowReply(error("u2", ErrorCode.NOT_MEMBER, "cm-c2-2"), T0 + 3);

        ShadowReport report = fold.report();
        ConversationResult c2 = report.conversations().get(1);
        assertThat(c2.status()).isEqualTo(ConversationResult.Status.NOT_COMPARABLE);
        assertThat(c2.reason()).isEqualTo("began before the retained commands (seq 1 is older than the oldest "
                + "retained command, " + Instant.ofEpochMilli(T0) + ")");
        assertThat(c2.divergences()).isEmpty();
        assertThat(c2.liveMessages()).isEqualTo(2);
        assertThat(report.divergent()).isFalse();
        assertThat(report.compared()).isEqualTo(1);
        assertThat(report.notComparable()).isEqualTo(1);
        assertThat(report.messagesCompared()).isEqualTo(1);
        assertThat(report.outcomesCompared()).isEqualTo(1);
        assertThat(report.notComparableByReason()).containsValue(1L);
    }

    @Test
    void aLiveLogWithoutSeqOneIsNotComparable() {
        fold.liveMessage(message("c1", 2, "u1", "b", T0));
        fold.command(command("u1", "c1", "cm-c1-2", "id-c1-2", "b", T0), T0);

        assertThat(fold.report().conversations().getFirst().reason()).isEqualTo("the live log has no seq 1");
    }

    @Test
    void outcomesOfSendsOlderThanTheOldestLiveReplyAreNotCompared() {
        // The live reply to the first send is gone (replies are kept a day); the shadow still has its own.
        Message first = message("c1", 1, "u1", "a", T0);
        fold.command(command("u1", "c1", first.clientMsgId(), first.messageId(), "a", T0), T0);
        fold.liveMessage(first);
        fold.shadowMessage(first);
        fold.shadowReply(ack(first), T0);
        accepted("c1", 2, "u1", "b", T0 + 100);

        ShadowReport report = fold.report();
        assertThat(report.divergent()).isFalse();
        assertThat(report.outcomesCompared()).isEqualTo(1);
        assertThat(report.outcomesFrom()).isEqualTo(Instant.ofEpochMilli(T0 + 100));
    }

    @Test
    void aPartitionThatLostRepliesToRetentionNarrowsTheWindow() {
        accepted("c1", 1, "u1", "a", T0);
        accepted("c1", 2, "u1", "b", T0 + 50);
        // Read from offset 0: nothing was deleted there, however late its oldest reply.
        fold.liveReply(error("u7", ErrorCode.BAD_REQUEST, null), T0 + 60, 2, 0);
        assertThat(fold.report().outcomesFrom()).isEqualTo(Instant.ofEpochMilli(T0));
        // Starts at offset 17: replies before T0 + 40 may be gone from it.
        fold.liveReply(error("u7", ErrorCode.BAD_REQUEST, null), T0 + 40, 3, 17);

        ShadowReport report = fold.report();
        assertThat(report.outcomesFrom()).isEqualTo(Instant.ofEpochMilli(T0 + 40));
        assertThat(report.outcomesCompared()).isEqualTo(1);
    }

    @Test
    void errorsWithoutAClientMsgIdAreCountedNotCompared() {
        accepted("c1", 1, "u1", "a", T0);
        fold.liveReply(error("u1", ErrorCode.NOT_MEMBER, null), T0 + 1);

        ShadowReport report = fold.report();
        assertThat(report.divergent()).isFalse();
        assertThat(report.liveOtherReplies()).isEqualTo(1);
        assertThat(report.shadowOtherReplies()).isZero();
    }

    @Test
    void outcomesAreOrderedByRecordTimeWhateverTheReadingOrder() {
        accepted("c1", 1, "u1", "a", T0);
        fold.command(command("u1", "c1", "z", "id-z", "b", T0 + 1), T0 + 1);
        fold.command(command("u1", "c1", "z", "id-z2", "b", T0 + 2), T0 + 2);
        fold.liveReply(error("u1", ErrorCode.RATE_LIMITED, "z"), T0 + 1);
        fold.liveReply(error("u1", ErrorCode.NOT_MEMBER, "z"), T0 + 2);
        fold.shadowReply(error("u1", ErrorCode.NOT_MEMBER, "z"), T0 + 2);
        fold.shadowReply(error("u1", ErrorCode.RATE_LIMITED, "z"), T0 + 1);

        assertThat(fold.report().divergent()).isFalse();
    }

    @Test
    void aConversationOnlyTheShadowHasIsComparedAndDiverges() {
        accepted("c1", 1, "u1", "a", T0);
        fold.shadowMessage(message("c9", 1, "u1", "ghost", T0 + 1));

        ShadowReport report = fold.report();
        assertThat(report.compared()).isEqualTo(2);
        assertThat(report.divergentConversations()).extracting(ConversationResult::conversationId).containsExactly("c9");
    }

    @Test
    void sendsAfterTheCutoffAreLeftOutOnBothSides() {
        ShadowFold cut = new ShadowFold(Instant.ofEpochMilli(T0 + 10));
        Message kept = message("c1", 1, "u1", "a", T0);
        cut.command(command("u1", "c1", kept.clientMsgId(), kept.messageId(), "a", T0), T0);
        cut.liveMessage(kept);
        cut.shadowMessage(kept);
        cut.liveReply(ack(kept), T0);
        cut.shadowReply(ack(kept), T0);
        // Live went on after the snapshot; the shadow stopped before this send.
        Message late = message("c1", 2, "u1", "b", T0 + 11);
        cut.command(command("u1", "c1", late.clientMsgId(), late.messageId(), "b", T0 + 11), T0 + 11);
        cut.liveMessage(late);
        cut.liveReply(ack(late), T0 + 11);

        ShadowReport report = cut.report();
        assertThat(report.divergent()).isFalse();
        assertThat(report.messagesCompared()).isEqualTo(1);
        assertThat(report.outcomesCompared()).isEqualTo(1);
        assertThat(report.leftOut()).isEqualTo(3);
        assertThat(report.sendsUntil()).isEqualTo(Instant.ofEpochMilli(T0 + 10));
    }

    @Test
    void printsTotalsLastAndWritesJson() throws Exception {
        accepted("c1", 1, "u1", "a", T0);
        for (int seq = 2; seq <= 9; seq++) {
            fold.liveMessage(message("c1", seq, "u1", "x", T0));
        }
        fold.liveMessage(message("c2", 2, "u1", "b", T0));
        fold.liveMessage(message("c3", 2, "u1", "b", T0));
        fold.undecodable("parley.messages.v1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShadowReport report = fold.report();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1);

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).contains("c1: 8 divergences (9 live messages, 1 shadow)", "  ... and 3 more",
                "not comparable: c2: the live log has no seq 1", "... and 1 more",
                "undecodable records in parley.messages.v1: 1");
        assertThat(lines[lines.length - 1])
                .isEqualTo("shadow: 1 conversations compared, 2 not comparable, 8 divergences in 1 conversations");
        JsonNode json = Json.readTree(report.toJson());
        assertThat(json.get("divergent").asBoolean()).isTrue();
        assertThat(json.get("divergences").asLong()).isEqualTo(8);
        assertThat(json.get("notComparableByReason").get("the live log has no seq 1").asLong()).isEqualTo(2);
        assertThat(json.get("conversations")).hasSize(3);
        assertThat(json.get("conversations").get(0).get("divergences").get(0).get("kind").asText()).isEqualTo("MESSAGE");
    }
}
