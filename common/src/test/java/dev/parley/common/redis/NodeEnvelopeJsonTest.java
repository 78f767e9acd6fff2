package dev.parley.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelope grew three fields; edges and routers of both versions run side by side during a deploy. */
class NodeEnvelopeJsonTest {

    @Test
    void anEnvelopeFromBeforeTheTraceFieldsStillReads() {
        String old = "{\"userIds\":[\"alice\"],\"sessionId\":null,\"frame\":{\"type\":\"typing\",\"conversationId\":\"k\",\"userId\":\"bob\"}}";
        NodeEnvelope e = Json.read(old, NodeEnvelope.class);
        assertThat(e.userIds()).containsExactly("alice");
        assertThat(e.traceparent()).isNull();
        assertThat(e.publishedAt()).isNull();
        assertThat(e.ackSessionId()).isNull();
    }

    @Test
    void theAckSessionIsWrittenOnlyWhenThereIsOneAndSurvivesTracing() {
        MessageFrame m = new MessageFrame("k", 3, "m3", "alice", "cm3", "hi", Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(Json.write(NodeEnvelope.toUsers(List.of("bob"), m))).doesNotContain("ackSessionId");
        NodeEnvelope acking = NodeEnvelope.toUsers(List.of("alice", "bob"), m, "s-1").traced("tp", 1L);
        assertThat(acking.ackSessionId()).isEqualTo("s-1");
        assertThat(Json.read(Json.write(acking), NodeEnvelope.class)).isEqualTo(acking);
    }

    @Test
    void aDeliveryFromBeforeTheAckReadsWithoutOneAndOneWithAnAckNamesItsFrame() {
        String old = "{\"conversationId\":\"k\",\"recipients\":[\"bob\"],\"frame\":{\"type\":\"message\","
                + "\"conversationId\":\"k\",\"seq\":3,\"messageId\":\"m3\",\"senderId\":\"alice\","
                + "\"clientMsgId\":\"cm3\",\"body\":\"hi\",\"sentAt\":\"2026-12-07T10:00:00Z\"}}";
        Delivery d = Json.read(old, Delivery.class);
        assertThat(d.ackTo()).isNull();
        assertThat(d.ack()).isNull();
        assertThat(Json.write(d)).doesNotContain("ackTo");
        Delivery acking = new Delivery("k", List.of("alice", "bob"), d.frame(), new Origin("edge-1", "s-1"));
        assertThat(Json.read(Json.write(acking), Delivery.class)).isEqualTo(acking);
        assertThat(acking.ack()).isEqualTo(new AckFrame("cm3", "k", 3, "m3", Instant.parse("2026-12-07T10:00:00Z")));
        assertThat(acking.ackReply()).isEqualTo(new Reply(new Origin("edge-1", "s-1"), "alice", acking.ack()));
        assertThat(d.ackReply()).isNull();
        // Only a message has an ack.
        assertThat(new Delivery("k", List.of("bob"), new TypingFrame("k", "alice"), new Origin("e", "s")).ack()).isNull();
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
