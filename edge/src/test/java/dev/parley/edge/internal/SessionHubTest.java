package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.frame.TypingFrame;
import dev.parley.common.limit.LocalRateLimiter;
import dev.parley.common.limit.TokenBucket;
import dev.parley.common.observe.Tracing;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.edge.AccessToken;
import dev.parley.edge.EdgeLimits;
import dev.parley.edge.fakes.InMemoryCommandSink;
import dev.parley.testkit.fakes.InMemoryPresence;
import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionHubTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryPresence presence = new InMemoryPresence(clock, Duration.ofSeconds(30));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SessionHub hub = new SessionHub("edge-test", 2, Duration.ofSeconds(60),
            new EdgeLimits(20, Duration.ofSeconds(2), Duration.ofMillis(500), new EdgeLimits.Rate(5, 10),
                    new EdgeLimits.Rate(20, 40), new EdgeLimits.Rate(10, 20), Duration.ofMillis(750), Duration.ofSeconds(5), Duration.ofMillis(375)), clock,
            new InMemoryCommandSink(), new LocalRateLimiter(new TokenBucket(20, 10)), presence, PresenceListener.NONE,
            scheduler, EdgeMeters.none(), Tracing.idsOnly());
    private final AccessToken alice = new AccessToken("alice", T0.plus(Duration.ofMinutes(15)));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aSlowConsumerIsClosedAndDroppedWhenItsQueueOverflows() throws Exception {
        FakeWsSession ws = new FakeWsSession();
        ws.hang = true;
        hub.open(ws, alice);
        assertThat(ws.sendEntered.await(5, TimeUnit.SECONDS)).as("writer stuck on the ready frame").isTrue();
        NodeEnvelope typing = NodeEnvelope.toUsers(List.of("alice"), new TypingFrame("k", "bob"));

        deliver(typing);
        deliver(typing);
        assertThat(hub.registry().size()).as("two frames fit the queue").isEqualTo(1);
        deliver(typing);

        assertThat(hub.registry().size()).isZero();
        assertThat(presence.events()).containsExactly("online:alice", "offline:alice");
        assertThat(ws.interrupted.await(5, TimeUnit.SECONDS)).as("the stuck send is broken off").isTrue();
        deliver(typing); // no longer registered: nothing happens
    }

    @Test
    void aFailedSendEvictsTheSession() throws Exception {
        FakeWsSession ws = new FakeWsSession();
        ws.fail = true;
        EdgeSession session = hub.open(ws, alice);
        assertThat(session.awaitWriter(Duration.ofSeconds(5))).isTrue();
        assertThat(hub.registry().size()).isZero();
        assertThat(presence.events()).containsExactly("online:alice", "offline:alice");
    }

    @Test
    void theReadyFrameComesFirstAndTheWriterSendsInOrder() throws Exception {
        FakeWsSession ws = new FakeWsSession();
        EdgeSession session = hub.open(ws, alice);
        deliver(NodeEnvelope.toSession(session.sessionId(), new TypingFrame("k", "bob")));
        deliver(NodeEnvelope.toSession("someone-else", new TypingFrame("k", "carol")));
        session.close(CloseReason.IDLE, false);
        assertThat(ws.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ws.closeCode).isEqualTo(1000);
        assertThat(ws.sent).hasSize(2);
        assertThat(ws.sent.get(0)).startsWith("{\"type\":\"ready\"").contains("\"userId\":\"alice\"");
        assertThat(ws.sent.get(1)).contains("\"userId\":\"bob\"");
    }

    @Test
    void aConversationsMessagesReachASessionOnlyInIncreasingSeq() throws Exception {
        FakeWsSession ws = new FakeWsSession();
        EdgeSession session = hub.open(ws, alice);
        // This hub's queue holds 2 frames: let the writer catch up before the next delivery, so
        // what is checked is the order rule, not the slow-consumer rule.
        long[] seqs = {1, 3, 2, 3, 4}; // a retried publish: 2 late, 3 twice
        int[] writtenAfter = {2, 3, 3, 3, 4}; // frames written so far, the ready frame included
        for (int i = 0; i < seqs.length; i++) {
            deliver(NodeEnvelope.toUsers(java.util.List.of("alice"), message("k", seqs[i])));
            int expected = writtenAfter[i];
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> ws.sent.size() >= expected);
        }
        deliver(NodeEnvelope.toUsers(java.util.List.of("alice"), message("other", 1))); // its own order
        session.close(CloseReason.IDLE, false);
        assertThat(ws.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ws.sent.subList(1, ws.sent.size())).extracting(t -> dev.parley.common.json.Json.read(t,
                com.fasterxml.jackson.databind.JsonNode.class)).extracting(n -> n.path("conversationId").asText()
                + "/" + n.path("seq").asLong()).containsExactly("k/1", "k/3", "k/4", "other/1");
    }

    private static dev.parley.common.frame.MessageFrame message(String conversationId, long seq) {
        return new dev.parley.common.frame.MessageFrame(conversationId, seq, "m" + seq, "bob", "c" + seq, "hi",
                java.time.Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void heartbeatRefreshesEveryLocalUser() {
        hub.open(new FakeWsSession(), alice);
        clock.advance(Duration.ofSeconds(29));
        hub.heartbeat();
        clock.advance(Duration.ofSeconds(29));
        assertThat(presence.status(List.of("alice"))).containsEntry("alice", true);
    }

    private void deliver(NodeEnvelope envelope) {
        hub.outbound().deliver(envelope, Frames.write(envelope.frame()));
    }
}
