package dev.parley.edge;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.event.Command;
import dev.parley.common.event.Message;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.PresenceFrame;
import dev.parley.common.observe.Tracing;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.testkit.client.RawWebSocket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's meters and trace hops through the real WebSocket server: each client action moves
 * exactly the meters it should, by exactly one, with the right tags; a send's trace starts here
 * and reaches Kafka in the command's header; a delivery continues the router's span.
 */
class EdgeObservabilityTest {
    private static final String SEND = "{\"type\":\"send\",\"clientMsgId\":\"c1\",\"conversationId\":\"k\",\"body\":\"hi\"}";
    /** The span id of the router's hop ({@code sinks.route}) in the envelopes the tests publish. */
    private static final String ROUTER_SPAN = "00f067aa0ba902b7";

    private final EdgeHarness edge = new EdgeHarness();

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void aSendIsCountedStartsATraceCarriedByItsCommandAndIsTimedUntilItsAckIsWritten() throws Exception {
        try (WsClient alice = edge.connect("alice")) {
            String sessionId = alice.next().path("sessionId").asText();
            alice.send(SEND);
            Command command = edge.commands.next();
            assertThat(counter("parley.edge.frames.in", "type", "send")).isEqualTo(1);

            SpanContext produced = Tracing.parse(edge.commands.traceparent(command));
            assertThat(produced.isValid()).as("the command carries a traceparent").isTrue();
            SpanData send = onlySpan("edge.send");
            assertThat(send.getTraceId()).isEqualTo(produced.getTraceId());
            assertThat(send.getSpanId()).isEqualTo(produced.getSpanId());
            assertThat(send.getParentSpanContext().isValid()).as("a send starts a new trace").isFalse();
            assertThat(send.getAttributes().get(stringKey("parley.conversation"))).isEqualTo("k");
            assertThat(send.getAttributes().get(stringKey("parley.clientMsgId"))).isEqualTo("c1");

            edge.clock.advance(Duration.ofMillis(40));
            String routed = "00-" + produced.getTraceId() + "-" + ROUTER_SPAN + "-01";
            edge.channels.publish("edge-test", NodeEnvelope.toSession(sessionId,
                    new AckFrame("c1", "k", 1, "m1", EdgeHarness.T0)).traced(routed, edge.clock.millis() - 15));
            assertThat(alice.next().path("type").asText()).isEqualTo("ack");

            await().atMost(Duration.ofSeconds(5)).until(() -> timer("parley.edge.send.ack").count() == 1);
            assertThat(timer("parley.edge.send.ack").totalTime(MILLISECONDS)).as("admitted to written").isEqualTo(40.0);
            assertThat(counter("parley.edge.frames.out", "type", "ack")).isEqualTo(1);
            assertThat(counter("parley.edge.frames.out", "type", "ready")).isEqualTo(1);
            assertThat(timer("parley.edge.channel.lag").count()).isEqualTo(1);
            assertThat(timer("parley.edge.channel.lag").totalTime(MILLISECONDS)).isEqualTo(15.0);

            SpanData deliver = onlySpan("edge.deliver");
            assertThat(deliver.getTraceId()).as("one trace, edge to edge").isEqualTo(produced.getTraceId());
            assertThat(deliver.getParentSpanId()).as("under the router's hop").isEqualTo(ROUTER_SPAN);
            assertThat(deliver.getAttributes().get(stringKey("parley.seq"))).isEqualTo("1");

            String scrape = edge.obs.meters().scrape();
            assertThat(scrape).containsPattern("parley_edge_send_ack_seconds_bucket\\{[^}]*le=\"0\\.05\"[^}]*} 1")
                    .containsPattern("parley_edge_frames_in_total\\{[^}]*type=\"send\"[^}]*} 1")
                    .containsPattern("parley_edge_sockets_open\\{[^}]*service=\"edge\"[^}]*} 1");
        }
    }

    @Test
    void aMessageFrameIsTimedFromItsSentAtToItsSocketWrite() throws Exception {
        try (WsClient alice = edge.connect("alice")) {
            alice.next();
            edge.clock.advance(Duration.ofMillis(70));
            Message m = new Message("k", 1, "m1", "bob", "b1", "hi", EdgeHarness.T0);
            edge.channels.publish("edge-test", NodeEnvelope.toUsers(List.of("alice"), MessageFrame.of(m)));
            assertThat(alice.next().path("type").asText()).isEqualTo("message");
            await().atMost(Duration.ofSeconds(5)).until(() -> timer("parley.edge.delivery").count() == 1);
            assertThat(timer("parley.edge.delivery").totalTime(MILLISECONDS)).as("sentAt to written").isEqualTo(70.0);
            assertThat(counter("parley.edge.frames.out", "type", "message")).isEqualTo(1);
        }
    }

    @Test
    void anEnvelopeWithoutTraceOrPublishTimeIsDeliveredWithoutSpanOrLagSample() throws Exception {
        try (WsClient alice = edge.connect("alice")) {
            alice.next();
            edge.channels.publish("edge-test", NodeEnvelope.toUsers(List.of("alice"), new PresenceFrame("bob", "online")));
            assertThat(alice.next().path("type").asText()).isEqualTo("presence");
            await().atMost(Duration.ofSeconds(5)).until(() -> counter("parley.edge.frames.out", "type", "presence") == 1);
            assertThat(timer("parley.edge.channel.lag").count()).isZero();
            assertThat(edge.spans.getFinishedSpanItems()).extracting(SpanData::getName).doesNotContain("edge.deliver");
        }
    }

    @Test
    void framesThatDoNotParseAreCountedInvalidAndTheirRefusalsByCode() throws Exception {
        try (WsClient alice = edge.connect("alice")) {
            alice.next();
            alice.send("not json");
            assertThat(alice.next().path("code").asText()).isEqualTo("bad_request");
            alice.send("{\"type\":\"send\",\"clientMsgId\":\"c2\",\"conversationId\":\"k\",\"body\":\""
                    + "x".repeat(4001) + "\"}");
            assertThat(alice.next().path("code").asText()).isEqualTo("too_large");
            alice.send("{\"type\":\"ping\"}");
            assertThat(alice.next().path("type").asText()).isEqualTo("pong");

            await().atMost(Duration.ofSeconds(5)).until(() -> counter("parley.edge.frames.out", "type", "pong") == 1);
            assertThat(counter("parley.edge.frames.in", "type", "invalid")).isEqualTo(2);
            assertThat(counter("parley.edge.frames.in", "type", "ping")).isEqualTo(1);
            assertThat(counter("parley.edge.frames.in", "type", "send")).as("a refused send is no send").isZero();
            assertThat(counter("parley.edge.frames.refused", "code", "bad_request")).isEqualTo(1);
            assertThat(counter("parley.edge.frames.refused", "code", "too_large")).isEqualTo(1);
            assertThat(counter("parley.edge.frames.out", "type", "error")).isEqualTo(2);
            assertThat(edge.spans.getFinishedSpanItems()).as("nothing was produced").isEmpty();
        }
    }

    @Test
    void refusedTokensAreCountedOnceByReason() {
        assertThat(upgrade(Map.of())).isEqualTo(401);
        assertThat(upgrade(Map.of("Authorization", "Bearer nope"))).isEqualTo(401);
        edge.revocations.revoke("login-1", EdgeHarness.T0.plus(Duration.ofMinutes(15)));
        assertThat(upgrade(Map.of("Authorization", "Bearer "
                + edge.tokens.issue("alice", EdgeHarness.T0.plus(Duration.ofMinutes(15)), "login-1")))).isEqualTo(401);
        String shortLived = edge.tokens.issue("alice", EdgeHarness.T0.plusSeconds(1));
        edge.clock.advance(Duration.ofSeconds(2));
        assertThat(upgrade(Map.of("Authorization", "Bearer " + shortLived))).isEqualTo(401);

        // a refused upgrade is checked by the listener and again by the route that answers it: counted once
        assertThat(counter("parley.edge.token.failures", "reason", "missing")).isEqualTo(1);
        assertThat(counter("parley.edge.token.failures", "reason", "invalid")).isEqualTo(1);
        assertThat(counter("parley.edge.token.failures", "reason", "revoked")).isEqualTo(1);
        assertThat(counter("parley.edge.token.failures", "reason", "expired")).isEqualTo(1);
    }

    @Test
    void openSocketsAreGaugedAndClosesCountedByReason() throws Exception {
        WsClient alice = edge.connect("alice");
        alice.next();
        try (WsClient bob = edge.connect("bob")) {
            bob.next();
            assertThat(gauge("parley.edge.sockets.open")).isEqualTo(2);
            alice.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge("parley.edge.sockets.open") == 1);
            assertThat(counter("parley.edge.closes", "reason", "peer")).isEqualTo(1);

            edge.clock.advance(Duration.ofSeconds(61));
            edge.services.hub().sweep();
            assertThat(bob.closeCode()).isEqualTo(1000);
            assertThat(counter("parley.edge.closes", "reason", "idle")).isEqualTo(1);
            assertThat(gauge("parley.edge.sockets.open")).isZero();
            assertThat(counter("parley.edge.closes", "reason", "peer")).as("bob's own close frame is not counted again")
                    .isEqualTo(1);
        }
    }

    private int upgrade(Map<String, String> headers) {
        return RawWebSocket.upgradeStatus(edge.ws("/ws"), headers);
    }

    private double counter(String name, String tag, String value) {
        Counter c = edge.obs.meters().find(name).tag(tag, value).counter();
        assertThat(c).as(name + "{" + tag + "=" + value + "} is registered").isNotNull();
        return c.count();
    }

    private Timer timer(String name) {
        return edge.obs.meters().get(name).timer();
    }

    private double gauge(String name) {
        return edge.obs.meters().get(name).gauge().value();
    }

    private SpanData onlySpan(String name) {
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().equals(name)));
        List<SpanData> spans = edge.spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(spans).hasSize(1);
        return spans.getFirst();
    }
}
