package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.frame.ErrorCode;
import org.junit.jupiter.api.Test;

class ClientFrameTest {

    private static ClientFrame.Invalid invalid(String text) {
        ClientFrame f = ClientFrame.parse(text);
        assertThat(f).as(text).isInstanceOf(ClientFrame.Invalid.class);
        return (ClientFrame.Invalid) f;
    }

    @Test
    void parsesTheFourClientFrames() {
        assertThat(ClientFrame.parse("{\"type\":\"send\",\"clientMsgId\":\"c\",\"conversationId\":\"k\",\"body\":\"b\"}"))
                .isEqualTo(new ClientFrame.Send("c", "k", "b"));
        assertThat(ClientFrame.parse("{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":12,\"extra\":true}"))
                .isEqualTo(new ClientFrame.Read("k", 12));
        assertThat(ClientFrame.parse("{\"type\":\"typing\",\"conversationId\":\"k\"}"))
                .isEqualTo(new ClientFrame.Typing("k"));
        assertThat(ClientFrame.parse("{\"type\":\"ping\"}")).isEqualTo(new ClientFrame.Ping());
    }

    @Test
    void refusesWhatIsNotAValidFrame() {
        for (String text : new String[] {"", "nope", "[1]", "\"send\"", "{}", "{\"type\":5}", "{\"type\":\"pong\"}",
                "{\"type\":\"read\",\"conversationId\":\"k\"}", "{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":1.5}",
                "{\"type\":\"read\",\"conversationId\":\"k\",\"seq\":-1}", "{\"type\":\"typing\",\"conversationId\":\"\"}",
                "{\"type\":\"send\",\"conversationId\":\"k\",\"body\":\"b\"}"}) {
            assertThat(invalid(text).error().code()).as(text).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Test
    void errorsOfASendCarryItsClientMsgIdWhenReadable() {
        assertThat(invalid("{\"type\":\"send\",\"clientMsgId\":\"c7\",\"conversationId\":\"k\",\"body\":\"\"}")
                .error().clientMsgId()).isEqualTo("c7");
        assertThat(invalid("{\"type\":\"send\",\"clientMsgId\":\"c7\",\"body\":\"x\"}").error().clientMsgId())
                .isEqualTo("c7");
        assertThat(invalid("{\"type\":\"send\",\"clientMsgId\":7,\"conversationId\":\"k\",\"body\":\"x\"}")
                .error().clientMsgId()).isNull();
        String tooLong = "x".repeat(65);
        assertThat(invalid("{\"type\":\"send\",\"clientMsgId\":\"" + tooLong + "\",\"conversationId\":\"k\",\"body\":\"x\"}")
                .error().code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void bodyLimitCountsCharactersNotBytes() {
        String emoji4000 = "\uD83D\uDE00".repeat(4000);
        assertThat(ClientFrame.parse("{\"type\":\"send\",\"clientMsgId\":\"c\",\"conversationId\":\"k\",\"body\":\""
                + emoji4000 + "\"}")).isInstanceOf(ClientFrame.Send.class);
        assertThat(invalid("{\"type\":\"send\",\"clientMsgId\":\"c\",\"conversationId\":\"k\",\"body\":\""
                + emoji4000 + "!\"}").error().code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void refusesTrailingDataAndSecondDocuments() {
        for (String text : new String[] {"{\"type\":\"ping\"} xyz", "{\"type\":\"ping\"}{\"type\":\"ping\"}",
                "{\"type\":\"ping\"} 1", "{\"type\":\"ping\"}]"}) {
            assertThat(invalid(text).error().code()).as(text).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Test
    void refusesUnpairedSurrogatesAnywhereAndNeverEchoesThem() {
        for (String text : new String[] {
                "{\"type\":\"send\",\"clientMsgId\":\"c\\udfff\",\"conversationId\":\"k\",\"body\":\"x\"}",
                "{\"type\":\"typing\",\"conversationId\":\"\\ude00\"}",
                "{\"type\":\"ping\",\"\\ud800\":1}",
                "{\"type\":\"ping\",\"x\":[\"\\ud800\"]}"}) {
            ClientFrame.Invalid invalid = invalid(text);
            assertThat(invalid.error().code()).as(text).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(invalid.error().clientMsgId()).as(text).isNull();
        }
    }

    @Test
    void aSendWithAMalformedBodyOrConversationIsRefusedUnderItsOwnValidClientMsgId() {
        for (String text : new String[] {
                "{\"type\":\"send\",\"clientMsgId\":\"c1\",\"conversationId\":\"k\",\"body\":\"x\\ud800y\"}",
                "{\"type\":\"send\",\"clientMsgId\":\"c1\",\"conversationId\":\"k\\ud83d\",\"body\":\"x\"}"}) {
            ClientFrame.Invalid invalid = invalid(text);
            assertThat(invalid.error().code()).as(text).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(invalid.error().clientMsgId()).as(text).isEqualTo("c1");
        }
    }

    @Test
    void refusesIdsThatAreEmptyTooLongOrHoldControlCharacters() {
        String longId = "k".repeat(Ids.MAX_ID_CHARS + 1);
        for (String id : new String[] {"", longId, "a\\u0000b", "a\\nb", "a\\u202eb", "a\\u0085b"}) {
            for (String text : new String[] {
                    "{\"type\":\"send\",\"clientMsgId\":\"c1\",\"conversationId\":\"" + id + "\",\"body\":\"x\"}",
                    "{\"type\":\"read\",\"conversationId\":\"" + id + "\",\"seq\":1}",
                    "{\"type\":\"typing\",\"conversationId\":\"" + id + "\"}"}) {
                assertThat(invalid(text).error().code()).as(text).isEqualTo(ErrorCode.BAD_REQUEST);
            }
            ClientFrame.Invalid badMsgId = invalid(
                    "{\"type\":\"send\",\"clientMsgId\":\"" + id + "\",\"conversationId\":\"k\",\"body\":\"x\"}");
            assertThat(badMsgId.error().clientMsgId()).as("an invalid clientMsgId is not echoed").isNull();
        }
        assertThat(ClientFrame.parse("{\"type\":\"typing\",\"conversationId\":\"" + "k".repeat(Ids.MAX_ID_CHARS) + "\"}"))
                .isInstanceOf(ClientFrame.Typing.class);
        assertThat(ClientFrame.parse("{\"type\":\"send\",\"clientMsgId\":\"" + "\uD83D\uDE00".repeat(64)
                + "\",\"conversationId\":\"k\",\"body\":\"b\"}")).isInstanceOf(ClientFrame.Send.class);
    }
}
