package dev.parley.common.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.Message;
import dev.parley.common.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Server frames must be exactly the client contract's JSON: names, types, omitted nulls. */
class ServerFrameJsonTest {
    private static final Instant T = Instant.parse("2026-11-21T10:15:30.123Z");

    private static JsonNode json(ServerFrame f) throws Exception {
        return Json.mapper().readTree(Json.write(f));
    }

    @Test
    void ackHasTheContractFieldsAndIsoTime() throws Exception {
        JsonNode j = json(new AckFrame("c1", "conv", 7, "m1", T));
        assertThat(j.toString()).isEqualTo(
                "{\"type\":\"ack\",\"clientMsgId\":\"c1\",\"conversationId\":\"conv\",\"seq\":7,\"messageId\":\"m1\","
                        + "\"sentAt\":\"2026-11-21T10:15:30.123Z\"}");
    }

    @Test
    void messageFrameIsTheMessageObjectPlusType() throws Exception {
        Message m = new Message("conv", 3, "m3", "u1", "c3", "hi", T);
        JsonNode j = json(MessageFrame.of(m));
        assertThat(j.toString()).isEqualTo("{\"type\":\"message\",\"conversationId\":\"conv\",\"seq\":3,\"messageId\":\"m3\","
                + "\"senderId\":\"u1\",\"clientMsgId\":\"c3\",\"body\":\"hi\",\"sentAt\":\"2026-11-21T10:15:30.123Z\"}");
        assertThat(MessageFrame.of(m).toMessage()).isEqualTo(m);
    }

    @Test
    void errorOmitsAbsentOptionalFieldsAndUsesSnakeCaseCodes() throws Exception {
        assertThat(json(ErrorFrame.of(ErrorCode.BAD_REQUEST, "nope")).toString())
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"nope\"}");
        assertThat(json(new ErrorFrame(ErrorCode.RATE_LIMITED, "slow down", "c9", 250L)).toString())
                .isEqualTo("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"clientMsgId\":\"c9\","
                        + "\"retryAfterMs\":250}");
    }

    @Test
    void everyFrameRoundTripsThroughItsTypeName() {
        ServerFrame[] frames = {new ReadyFrame("u", "s"), new AckFrame("c", "conv", 1, "m", T),
                new MessageFrame("conv", 1, "m", "u", "c", "b", T), new ReadFrame("conv", "u", 4),
                new TypingFrame("conv", "u"), new PresenceFrame("u", "online"),
                ErrorFrame.of(ErrorCode.NOT_MEMBER, "x", "c"), new PongFrame()};
        for (ServerFrame f : frames) {
            assertThat(Json.read(Json.write(f), ServerFrame.class)).isEqualTo(f);
        }
        assertThat(Json.write(new PongFrame())).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void sendLimitsFollowTheContract() {
        assertThat(Limits.checkSend("c", "conv", "x")).isNull();
        assertThat(Limits.checkSend("c", "conv", "x".repeat(4000))).isNull();
        assertThat(Limits.checkSend("c", "conv", "x".repeat(4001)).code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(Limits.checkSend("c", "conv", "").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(Limits.checkSend("c", "conv", null).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(Limits.checkSend("c".repeat(65), "conv", "x").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(Limits.checkSend("c", "", "x").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        // 4,000 characters means code points: emoji outside the BMP count once.
        assertThat(Limits.checkSend("c", "conv", "\uD83D\uDE00".repeat(4000))).isNull();
    }
}
