package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.edge.AccessToken;
import dev.parley.edge.EdgeLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which users the catch-up after a channel gap lists first: those whose clients wait on an ack. */
class ChannelCatchUpOrderTest {
    private static final Instant T0 = Instant.parse("2026-12-06T06:00:00Z");

    @Test
    void usersWithASendWaitingForItsAnswerComeFirstAndEachUserOnce() {
        Set<EdgeSession> open = new LinkedHashSet<>(List.of(session("s1", "ann"), session("s2", "bob"),
                session("s3", "cat"), session("s4", "bob"), session("s5", "dan")));
        Map<String, Set<String>> awaited = Map.of("s4", Set.of("m1"), "s5", Set.of("m2"), "s3", Set.of());

        assertThat(ChannelCatchUp.usersWaitingFirst(open, awaited)).containsExactly("bob", "dan", "ann", "cat");
        assertThat(ChannelCatchUp.usersWaitingFirst(open, Map.of())).containsExactly("ann", "bob", "cat", "dan");
    }

    private static EdgeSession session(String id, String user) {
        return new EdgeSession(id, new AccessToken(user, T0.plusSeconds(900)), new FakeWsSession(), 8,
                Clock.fixed(T0, ZoneOffset.UTC), new EdgeLimits.Rate(5, 10), EdgeMeters.none(), s -> { });
    }
}
