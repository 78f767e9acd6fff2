package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import dev.parley.common.limit.LocalRateLimiter;
import dev.parley.common.limit.TokenBucket;
import dev.parley.common.observe.Tracing;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.edge.AccessToken;
import dev.parley.edge.EdgeLimits;
import dev.parley.edge.fakes.InMemoryCommandSink;
import dev.parley.testkit.MutableClock;
import dev.parley.testkit.fakes.InMemoryDeadLetters;
import dev.parley.testkit.fakes.InMemoryPresence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Poison on the node channel is dead-lettered with its bytes and reason, and the next envelope still arrives. */
class NodeInboxTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SessionHub hub = new SessionHub("edge-test", 16, Duration.ofSeconds(60),
            new EdgeLimits(20, Duration.ofSeconds(2), Duration.ofMillis(500), new EdgeLimits.Rate(5, 10),
                    new EdgeLimits.Rate(20, 40), new EdgeLimits.Rate(10, 20), Duration.ofMillis(750), Duration.ofSeconds(5), Duration.ofMillis(375)), clock,
            new InMemoryCommandSink(), new LocalRateLimiter(new TokenBucket(20, 10)),
            new InMemoryPresence(clock, Duration.ofSeconds(30)), PresenceListener.NONE, scheduler,
            EdgeMeters.none(), Tracing.idsOnly());
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final NodeInbox inbox = new NodeInbox("edge-test", hub.outbound(), deadLetters, clock,
            EdgeMeters.none(), Tracing.idsOnly());

    private static final MessageFrame MESSAGE = new MessageFrame("k", 1, "m1", "alice", "cm1", "hi", T0);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void poisonIsDeadLetteredAndTheNextEnvelopeIsDelivered() {
        FakeWsSession ws = new FakeWsSession();
        hub.open(ws, new AccessToken("alice", T0.plusSeconds(900)));
        List<byte[]> poison = List.of(
                "not json".getBytes(StandardCharsets.UTF_8),
                "{\"userIds\":[\"alice\"],\"frame\":{\"type\":\"typing\",\"conversationId\":\"k\",\"userId\":\"x\\ud800\"}}"
                        .getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', 'u', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, // invalid UTF-8
                "{\"userIds\":[\"alice\"]}".getBytes(StandardCharsets.UTF_8), // no frame
                "{\"userIds\":[\"alice\"],\"frame\":{\"type\":\"warp\"}}".getBytes(StandardCharsets.UTF_8),
                "{\"frame\":{\"type\":\"typing\",\"conversationId\":\"k\",\"userId\":\"bob\"}}".getBytes(StandardCharsets.UTF_8),
                "null".getBytes(StandardCharsets.UTF_8),
                "{\"userIds\":[\"alice\"],\"frame\":{\"type\":\"pong\"}} trailing".getBytes(StandardCharsets.UTF_8),
                // An ack can only ride on a message to users.
                "{\"userIds\":[\"alice\"],\"frame\":{\"type\":\"typing\",\"conversationId\":\"k\",\"userId\":\"bob\"},\"ackSessionId\":\"s\"}"
                        .getBytes(StandardCharsets.UTF_8),
                Json.writeBytes(new NodeEnvelope(null, "s", MESSAGE, null, null, "s")));
        for (byte[] p : poison) {
            inbox.accept(p);
        }
        inbox.accept(Json.writeBytes(NodeEnvelope.toUsers(List.of("alice"), new TypingFrame("k", "bob"))));

        assertThat(deadLetters.letters()).hasSize(poison.size());
        for (int i = 0; i < poison.size(); i++) {
            DeadLetter letter = deadLetters.letters().get(i);
            assertThat(Base64.getDecoder().decode(letter.valueBase64())).as("the original bytes").isEqualTo(poison.get(i));
            assertThat(letter.sourceTopic()).isEqualTo("parley:node:{edge-test}");
            assertThat(letter.stage()).isEqualTo(NodeInbox.STAGE);
            assertThat(letter.reason()).isNotBlank();
            assertThat(letter.at()).isEqualTo(T0);
            Json.write(letter); // the letter itself can always be written
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ws.sent.size() == 2);
        assertThat(ws.sent.get(1)).contains("\"type\":\"typing\"").contains("\"userId\":\"bob\"");
    }

    @Test
    void theAckRidingOnAMessageReachesTheSendingSessionBeforeTheMessageAndNoOtherSession() {
        FakeWsSession sender = new FakeWsSession();
        FakeWsSession otherDevice = new FakeWsSession();
        FakeWsSession bob = new FakeWsSession();
        EdgeSession sending = hub.open(sender, new AccessToken("alice", T0.plusSeconds(900)));
        hub.open(otherDevice, new AccessToken("alice", T0.plusSeconds(900)));
        hub.open(bob, new AccessToken("bob", T0.plusSeconds(900)));

        inbox.accept(Json.writeBytes(NodeEnvelope.toUsers(List.of("alice", "bob"), MESSAGE, sending.sessionId())));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sender.sent.size() == 3
                && otherDevice.sent.size() == 2 && bob.sent.size() == 2);
        assertThat(sender.sent.get(1)).startsWith("{\"type\":\"ack\"").contains("\"clientMsgId\":\"cm1\"")
                .contains("\"seq\":1").contains("\"messageId\":\"m1\"");
        assertThat(sender.sent.get(2)).startsWith("{\"type\":\"message\"");
        assertThat(otherDevice.sent.get(1)).startsWith("{\"type\":\"message\"");
        assertThat(bob.sent.get(1)).startsWith("{\"type\":\"message\"");
        assertThat(deadLetters.letters()).isEmpty();
    }
}
