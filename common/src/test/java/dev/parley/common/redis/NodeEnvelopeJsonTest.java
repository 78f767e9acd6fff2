package dev.parley.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelope grew two fields; edges and routers of both versions run side by side during a deploy. */
class NodeEnvelopeJsonTest {

    @Test
    void anEnvelopeFromBeforeTheTraceFieldsStillReads() {
        String old = "{\"userIds\":[\"alice\"],\"sessionId\":null,\"frame\":{\"type\":\"typing\",\"conversationId\":\"k\",\"userId\":\"bob\"}}";
        NodeEnvelope e = Json.read(old, NodeEnvelope.class);
        assertThat(e.userIds()).containsExactly("alice");
        assertThat(e.traceparent()).isNull();
        assertThat(e.publishedAt()).isNull();
    }

    @Test
    void anUntracedEnvelopeIsWrittenAsBeforeAndATracedOneRoundTrips() {
        NodeEnvelope plain = NodeEnvelope.toUsers(List.of("alice"), new TypingFrame("k", "bob"));
        assertThat(Json.write(plain)).doesNotContain("traceparent").doesNotContain("publishedAt");
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        NodeEnvelope traced = plain.traced(tp, 1_700_000_000_000L);
        assertThat(Json.read(Json.write(traced), NodeEnvelope.class)).isEqualTo(traced);
    }
}
