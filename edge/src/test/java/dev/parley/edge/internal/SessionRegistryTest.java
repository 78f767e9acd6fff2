package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.edge.AccessToken;
import dev.parley.edge.EdgeLimits;
import dev.parley.testkit.fakes.InMemoryPresence;
import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 10: listener callbacks run after the map's compute returned, never inside it. */
class SessionRegistryTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private SessionRegistry registry;

    @Test
    void listenersRunAfterTheUpdateIsVisibleAndOutsideCompute() {
        // the in-memory presence completes its writes at once: the case that used to run inside compute
        registry = new SessionRegistry(new InMemoryPresence(clock, Duration.ofSeconds(30)), new PresenceListener() {
            @Override
            public void online(String userId) {
                seen.add("online:" + userId + ":" + registry.count(userId));
                registry.sessionsOf(userId).forEach(s -> { }); // reading the map from the callback is safe
            }

            @Override
            public void offline(String userId) {
                seen.add("offline:" + userId + ":" + registry.count(userId));
            }
        });
        EdgeSession a = session("s1");
        assertThat(registry.add(a, 20)).isTrue();
        assertThat(registry.remove(a)).isTrue();
        assertThat(seen).containsExactly("online:alice:1", "offline:alice:0");
    }

    @Test
    void refusesASessionOverThePerUserLimit() {
        registry = new SessionRegistry(new InMemoryPresence(clock, Duration.ofSeconds(30)), PresenceListener.NONE);
        assertThat(registry.add(session("s1"), 2)).isTrue();
        assertThat(registry.add(session("s2"), 2)).isTrue();
        assertThat(registry.add(session("s3"), 2)).isFalse();
        assertThat(registry.count("alice")).isEqualTo(2);
        assertThat(registry.session("s3")).isEmpty();
    }

    private EdgeSession session(String id) {
        return new EdgeSession(id, new AccessToken("alice", T0.plusSeconds(900)), new FakeWsSession(), 8,
                java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC), new EdgeLimits.Rate(5, 10), EdgeMeters.none(), s -> { });
    }
}
