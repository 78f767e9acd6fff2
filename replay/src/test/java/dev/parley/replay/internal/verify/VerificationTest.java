package dev.parley.replay.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VerificationTest {
    private static final ConversationSummary BASE = new ConversationSummary(3, 3, "d1", 0, "group", "t",
            List.of("u2", "u1"), 4, new TreeSet<>(Set.of("u1", "u2")), new TreeMap<>(Map.of("u1", 2L, "u2", 3L)));

    @Test
    void identicalSidesHaveNoDifferences() {
        ConversationSummary copy = new ConversationSummary(3, 3, "d1", 0, "group", "t", List.of("u2", "u1"), 4,
                new TreeSet<>(Set.of("u2", "u1")), new TreeMap<>(Map.of("u2", 3L, "u1", 2L)));
        assertThat(Verification.compare(Map.of("c1", BASE, "c2", BASE), Map.of("c1", copy, "c2", copy))).isEmpty();
        assertThat(Verification.compare(Map.of(), Map.of())).isEmpty();
    }

    @Test
    void everyFieldIsComparedAndBothValuesAreShown() {
        ConversationSummary other = new ConversationSummary(4, 1004, "d2", 1, "direct", null, List.of("u1", "u2"), 5,
                BASE.users(), BASE.reads());
        assertThat(Verification.compare(Map.of("c1", BASE), Map.of("c1", other)))
                .extracting(Difference::conversationId, Difference::what, Difference::left, Difference::right)
                .containsExactly(
                        tuple("c1", "messages", "3", "4"),
                        tuple("c1", "maxSeq", "3", "1004"),
                        tuple("c1", "digest", "d1", "d2"),
                        tuple("c1", "headBucket", "0", "1"),
                        tuple("c1", "kind", "group", "direct"),
                        tuple("c1", "title", "t", "missing"),
                        tuple("c1", "members", "[u2, u1]", "[u1, u2]"),
                        tuple("c1", "version", "4", "5"));
    }

    @Test
    void readsAndUsersNameOnlyTheUsersThatDiffer() {
        ConversationSummary other = new ConversationSummary(3, 3, "d1", 0, "group", "t", List.of("u2", "u1"), 4,
                new TreeSet<>(Set.of("u1", "u3")), new TreeMap<>(Map.of("u1", 5L, "u3", 1L)));
        List<Difference> differences = Verification.compare(Map.of("c1", BASE), Map.of("c1", other));
        assertThat(differences).extracting(Difference::what, Difference::left, Difference::right).containsExactly(
                tuple("users", "{u2: yes, u3: no}", "{u2: no, u3: yes}"),
                tuple("reads", "{u1: 2, u2: 3, u3: missing}", "{u1: 5, u2: missing, u3: 1}"));
        assertThat(differences.get(1).line()).isEqualTo("c1 reads: {u1: 2, u2: 3, u3: missing} vs {u1: 5, u2: missing, u3: 1}");
    }

    @Test
    void aLongListOfUsersIsCut() {
        TreeMap<String, Long> many = new TreeMap<>();
        IntStream.range(0, 25).forEach(i -> many.put("user%02d".formatted(i), (long) i));
        ConversationSummary other = new ConversationSummary(3, 3, "d1", 0, "group", "t", List.of("u2", "u1"), 4,
                BASE.users(), many);
        Difference reads = Verification.compare(Map.of("c1", BASE), Map.of("c1", other)).getFirst();
        assertThat(reads.what()).isEqualTo("reads");
        // 27 users differ (u1 and u2 are missing on the right): the first 10 are named.
        assertThat(reads.right()).startsWith("{u1: missing, u2: missing, user00: 0, user01: 1")
                .endsWith("user07: 7, ... 17 more}");
        assertThat(reads.left()).startsWith("{u1: 2, u2: 3, user00: missing").endsWith(", ... 17 more}");
    }

    @Test
    void aConversationOnOneSideOnlyIsMissingOnTheOther() {
        assertThat(Verification.compare(Map.of("a", BASE), Map.of("b", BASE)))
                .extracting(Difference::conversationId, Difference::what, Difference::left, Difference::right)
                .containsExactly(
                        tuple("a", Difference.MISSING_RIGHT,
                                "3 messages, head bucket 0, version 4, 2 users, 2 reads", "missing"),
                        tuple("b", Difference.MISSING_LEFT,
                                "missing", "3 messages, head bucket 0, version 4, 2 users, 2 reads"));
    }
}
