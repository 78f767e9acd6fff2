package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandValidatorTest {
    static final Origin O = new Origin("n", "s");
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static SendCommand send(String clientMsgId, String conversationId, String messageId, String body, Instant at) {
        return new SendCommand("u", conversationId, clientMsgId, messageId, body, O, at);
    }

    @Test
    void aValidSendPasses() {
        assertThat(CommandValidator.check(send("c", "conv", "m", "hi", T))).isNull();
    }

    @Test
    void sendErrorsCarryTheClientMsgId() {
        assertThat(CommandValidator.check(send("c", "conv", "m", "", T)))
                .extracting(ErrorFrame::code, ErrorFrame::clientMsgId).containsExactly(ErrorCode.BAD_REQUEST, "c");
        assertThat(CommandValidator.check(send("c", "conv", "m", "x".repeat(4001), T)))
                .extracting(ErrorFrame::code, ErrorFrame::clientMsgId).containsExactly(ErrorCode.TOO_LARGE, "c");
        assertThat(CommandValidator.check(send("c", null, "m", "hi", T)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(CommandValidator.check(send("x".repeat(65), "conv", "m", "hi", T)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void fieldsTheEdgeFillsInAreRequiredToo() {
        assertThat(CommandValidator.check(send("c", "conv", " ", "hi", T)).message()).contains("messageId");
        assertThat(CommandValidator.check(send("c", "conv", "m", "hi", null)))
                .extracting(ErrorFrame::code, ErrorFrame::clientMsgId).containsExactly(ErrorCode.BAD_REQUEST, "c");
    }

    @Test
    void readAndTypingNeedAConversationAndReadANonNegativeSeq() {
        assertThat(CommandValidator.check(new ReadCommand("u", "conv", 0, O, T))).isNull();
        assertThat(CommandValidator.check(new ReadCommand("u", "conv", -1, O, T)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(CommandValidator.check(new ReadCommand("u", "", 3, O, T)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(CommandValidator.check(new TypingCommand("u", "conv", O, T))).isNull();
        assertThat(CommandValidator.check(new TypingCommand("u", null, O, T)))
                .extracting(ErrorFrame::code, ErrorFrame::clientMsgId).containsExactly(ErrorCode.BAD_REQUEST, null);
    }

    @Test
    void everyStringMustBeWellFormedAndMalformedIdsAreNotEchoed() {
        assertThat(CommandValidator.check(send("c", "conv", "m", "x\ud800y", T)))
                .extracting(ErrorFrame::code, ErrorFrame::clientMsgId).containsExactly(ErrorCode.BAD_REQUEST, "c");
        assertThat(CommandValidator.check(send("c\udc00", "conv", "m", "hi", T)))
                .extracting(ErrorFrame::code, ErrorFrame::clientMsgId).containsExactly(ErrorCode.BAD_REQUEST, null);
        assertThat(CommandValidator.check(send("c", "conv\ud800", "m", "hi", T)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(CommandValidator.check(send("c", "conv", "m\ud800", "hi", T)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(CommandValidator.check(send("c", "conv", "m", "\ud83d\ude00", T))).isNull(); // a pair is fine
    }

    @Test
    void idsAreNonBlankShortAndWithoutControlCharacters() {
        assertThat(CommandValidator.idProblem("a".repeat(128))).isNull();
        assertThat(CommandValidator.idProblem("a".repeat(129))).contains("128");
        assertThat(CommandValidator.idProblem("a\u0000b")).contains("control");
        assertThat(CommandValidator.idProblem("a\nb")).contains("control");
        assertThat(CommandValidator.idProblem(" ")).contains("required");
        assertThat(CommandValidator.check(new TypingCommand("u", "c\u007f", O, T)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(CommandValidator.check(send("c\u0001", "conv", "m", "hi", T)))
                .extracting(ErrorFrame::code, ErrorFrame::clientMsgId).containsExactly(ErrorCode.BAD_REQUEST, null);
        assertThat(CommandValidator.check(send("😀".repeat(64), "conv", "m", "hi", T))).isNull(); // 64 code points
    }

    @Test
    void onlyAValidUserAndOriginCanBeAnswered() {
        assertThat(CommandValidator.answerable(send("c", "conv", "m", "hi", T))).isTrue();
        assertThat(CommandValidator.answerable(new TypingCommand("u", "c", null, T))).isFalse();
        assertThat(CommandValidator.answerable(new TypingCommand("u", "c", new Origin("n\u0000", "s"), T))).isFalse();
        assertThat(CommandValidator.answerable(new TypingCommand("", "c", O, T))).isFalse();
    }
}
