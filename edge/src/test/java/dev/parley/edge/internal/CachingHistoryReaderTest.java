package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.edge.HistoryReader.Conversation;
import dev.parley.edge.fakes.InMemoryHistory;
import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachingHistoryReaderTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final InMemoryHistory store = new InMemoryHistory();
    private final CachingHistoryReader reader = new CachingHistoryReader(store, clock);

    @Test
    void aConversationIsReadOncePerSecondAndAChangeShowsAfterIt() {
        store.conversation("g", "group", "Big", "alice", "bob");
        assertThat(reader.conversation("g")).map(Conversation::members).contains(java.util.List.of("alice", "bob"));

        store.conversation("g", "group", "Big", "alice"); // bob removed in the projection
        clock.advance(Duration.ofMillis(900));
        assertThat(reader.conversation("g")).as("kept for a second").map(Conversation::members)
                .contains(java.util.List.of("alice", "bob"));
        clock.advance(Duration.ofMillis(200));
        assertThat(reader.conversation("g")).as("then read again").map(Conversation::members)
                .contains(java.util.List.of("alice"));
    }

    @Test
    void aConversationNotFoundIsLookedForAgainAtOnce() {
        assertThat(reader.conversation("new")).isEmpty();
        store.conversation("new", "direct", null, "alice", "bob");
        assertThat(reader.conversation("new")).as("created a moment later: seen at once").isPresent();
    }

    @Test
    void historyReadsGoThrough() {
        store.conversation("d", "direct", null, "alice", "bob");
        store.messages("d", 3, Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(reader.lastMessage("d")).map(m -> m.seq()).isEqualTo(Optional.of(3L));
        store.messages("d", 1, Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(reader.lastMessage("d")).as("never kept").map(m -> m.seq()).isEqualTo(Optional.of(4L));
        assertThat(reader.messages("d", 0, 1, 10, 10, false)).hasSize(4);
    }
}
