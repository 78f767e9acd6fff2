package dev.parley.common.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerFrameCompleteTest {
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void framesWithEveryRequiredFieldAreComplete() {
        assertThat(ServerFrame.complete(new TypingFrame("c", "u"))).isTrue();
        assertThat(ServerFrame.complete(new MessageFrame("c", 1, "m", "u", "id", "hi", T))).isTrue();
        assertThat(ServerFrame.complete(new AckFrame("id", "c", 1, "m", T))).isTrue();
        assertThat(ServerFrame.complete(new ReadFrame("c", "u", 0))).isTrue();
        assertThat(ServerFrame.complete(new PresenceFrame("u", "online"))).isTrue();
        assertThat(ServerFrame.complete(ErrorFrame.of(ErrorCode.BAD_REQUEST, "no"))).isTrue();
        assertThat(ServerFrame.complete(new PongFrame())).isTrue();
    }

    @Test
    void aMissingFieldMakesAFrameIncomplete() {
        assertThat(ServerFrame.complete(null)).isFalse();
        assertThat(ServerFrame.complete(new TypingFrame(null, "u"))).isFalse();
        assertThat(ServerFrame.complete(new MessageFrame("c", 0, "m", "u", "id", "hi", T))).isFalse();
        assertThat(ServerFrame.complete(new MessageFrame("c", 1, "m", "u", "id", null, T))).isFalse();
        assertThat(ServerFrame.complete(new AckFrame("id", "c", 1, "m", null))).isFalse();
        assertThat(ServerFrame.complete(new PresenceFrame("u", "away"))).isFalse();
        assertThat(ServerFrame.complete(new ErrorFrame(null, "x", null, null))).isFalse();
    }
}
