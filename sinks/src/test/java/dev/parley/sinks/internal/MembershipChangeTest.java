package dev.parley.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipChangeTest {
    static ConversationMembers snapshot(String id, long version, String... members) {
        return new ConversationMembers(id, "group", "t", List.of(members), version, Instant.EPOCH);
    }

    @Test
    void newestSnapshotWinsAndEveryoneDroppedOnTheWayIsRemoved() {
        var change = MembershipChange.of(snapshot("c", 1, "a", "b"),
                List.of(snapshot("c", 2, "a", "c"), snapshot("c", 3, "c", "d"))).orElseThrow();

        assertThat(change.latest().version()).isEqualTo(3);
        assertThat(change.removed()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void snapshotsArriveOutOfVersionOrder() {
        var change = MembershipChange.of(null, List.of(snapshot("c", 5, "a"), snapshot("c", 4, "a", "b")))
                .orElseThrow();

        assertThat(change.latest().version()).isEqualTo(5);
        assertThat(change.removed()).containsExactly("b");
    }

    @Test
    void nothingToDoWhenTheStoredSnapshotIsAsNew() {
        assertThat(MembershipChange.of(snapshot("c", 7, "a"), List.of(snapshot("c", 7, "a")))).isEmpty();
        assertThat(MembershipChange.of(snapshot("c", 7, "a"), List.of(snapshot("c", 6, "a", "b")))).isEmpty();
    }

    @Test
    void groupsByConversationInLogOrder() {
        var grouped = MembershipChange.byConversation(
                List.of(snapshot("x", 1, "a"), snapshot("y", 1, "b"), snapshot("x", 2, "c")));

        assertThat(grouped.keySet()).containsExactly("x", "y");
        assertThat(grouped.get("x")).extracting(ConversationMembers::version).containsExactly(1L, 2L);
    }
}
