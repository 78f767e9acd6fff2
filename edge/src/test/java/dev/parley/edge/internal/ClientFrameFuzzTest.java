package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.Limits;
import dev.parley.common.text.Unicode;
import dev.parley.testkit.fuzz.FuzzCampaign;
import dev.parley.testkit.fuzz.Hostile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frame parser against hostile documents and mutations of valid frames: it never throws, and
 * what it returns is either a frame whose every string is well-formed and every id valid, or an
 * {@code Invalid} with a contract code whose echoed {@code clientMsgId} is valid too.
 */
class ClientFrameFuzzTest {
    private static final List<String> SEEDS = List.of(
            "{\"type\":\"send\",\"clientMsgId\":\"c-1\",\"conversationId\":\"0b7c2f0e-6d1c-4a8e-9d36-1c7e3c1f9a10\","
                    + "\"body\":\"hello \\ud83d\\ude00 \\u4e2d\"}",
            "{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":12}",
            "{\"type\":\"typing\",\"conversationId\":\"k\"}",
            "{\"type\":\"ping\"}");

    @Test
    void theParserNeverThrowsAndOnlyAcceptsValidFrames() {
        FuzzCampaign.Result result = FuzzCampaign.run("edge-client-frame",
                r -> Hostile.document(r, SEEDS), ClientFrameFuzzTest::check);
        assertThat(result.crashes()).isZero();
    }

    private static void check(String text) {
        switch (ClientFrame.parse(text)) {
            case ClientFrame.Send s -> {
                assertThat(Ids.clientMsgIdProblem(s.clientMsgId())).isNull();
                assertThat(Ids.problem(s.conversationId())).isNull();
                assertThat(Unicode.isWellFormed(s.body())).isTrue();
                assertThat(s.body().codePointCount(0, s.body().length())).isBetween(1, Limits.MAX_BODY_CHARS);
            }
            case ClientFrame.Read r -> {
                assertThat(Ids.problem(r.conversationId())).isNull();
                assertThat(r.seq()).isNotNegative();
            }
            case ClientFrame.Typing t -> assertThat(Ids.problem(t.conversationId())).isNull();
            case ClientFrame.Ping p -> {
            }
            case ClientFrame.Invalid i -> {
                assertThat(i.error().code()).isIn(ErrorCode.BAD_REQUEST, ErrorCode.TOO_LARGE);
                assertThat(i.error().clientMsgId() == null || Ids.clientMsgIdProblem(i.error().clientMsgId()) == null)
                        .isTrue();
                assertThat(Unicode.isWellFormed(i.error().message())).isTrue();
                Frames.write(i.error()); // the answer itself can always be written
            }
        }
    }
}
