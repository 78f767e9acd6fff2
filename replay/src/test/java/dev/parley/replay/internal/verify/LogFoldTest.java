package dev.parley.replay.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFoldTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    private final LogFold fold = new LogFold();

    @Test
    void aLaterMessageWithTheSameSeqReplacesTheEarlierOne() {
        fold.message(message("c1", 2, "first"));
        fold.message(message("c1", 1, "one"));
        fold.message(message("c1", 2, "second"));
        ConversationSummary c1 = fold.summaries().get("c1");
        assertThat(c1.messages()).isEqualTo(2);
        assertThat(c1.maxSeq()).isEqualTo(2);
        assertThat(c1.headBucket()).isEqualTo(0);
        assertThat(c1.digest()).isEqualTo(digestOf(message("c1", 1, "one"), message("c1", 2, "second")));
    }

    @Test
    void theHeadBucketIsTheBucketOfTheHighestSeq() {
        fold.message(message("c1", 999, "a"));
        fold.message(message("c1", 2001, "b"));
        assertThat(fold.summaries().get("c1").headBucket()).isEqualTo(2);
        assertThat(fold.summaries().get("c1").maxSeq()).isEqualTo(2001);
    }

    @Test
    void theSnapshotWithTheHighestVersionWinsAndATieGoesToTheLaterOne() {
        fold.membership(members("c1", 2, "u1", "u2"));
        fold.membership(members("c1", 1, "u1", "u2", "u3")); // older, arrives late
        ConversationSummary c1 = fold.summaries().get("c1");
        assertThat(c1.members()).containsExactly("u1", "u2");
        assertThat(c1.users()).containsExactly("u1", "u2");
        assertThat(c1.version()).isEqualTo(2);
        assertThat(c1.kind()).isEqualTo("group");
        assertThat(c1.title()).isEqualTo("t2");
        fold.membership(new ConversationMembers("c1", "group", "renamed", List.of("u9", "u1"), 2, AT));
        c1 = fold.summaries().get("c1");
        assertThat(c1.title()).isEqualTo("renamed");
        assertThat(c1.members()).containsExactly("u9", "u1");
        assertThat(c1.users()).containsExactly("u1", "u9");
        assertThat(c1.messages()).isZero();
        assertThat(c1.headBucket()).isEqualTo(-1);
        assertThat(c1.digest()).isEqualTo(MessageRows.EMPTY);
    }

    @Test
    void aReadPositionKeepsTheHighestSeq() {
        fold.read(new ReadPosition("c1", "u1", 5, AT));
        fold.read(new ReadPosition("c1", "u1", 3, AT));
        fold.read(new ReadPosition("c1", "u2", 1, AT));
        fold.read(new ReadPosition("c2", "u1", 9, AT));
        assertThat(fold.summaries().get("c1").reads()).isEqualTo(Map.of("u1", 5L, "u2", 1L));
        assertThat(fold.summaries().get("c2").reads()).isEqualTo(Map.of("u1", 9L));
        assertThat(fold.summaries().get("c2").version()).isEqualTo(-1);
    }

    @Test
    void recordsTheSinksDeadLetterAreCountedAsSkippedAndLeftOut() {
        fold.message(new Message("c1", 1, null, "u1", null, "no id", AT));
        fold.message(new Message("c1", -1, "m", "u1", null, "negative seq", AT));
        fold.message(null); // the JSON literal null
        fold.membership(new ConversationMembers("c2", "group", null, List.of("u1", ""), 1, AT));
        fold.read(new ReadPosition("c3", "", 1, AT));
        fold.undecodable();
        assertThat(fold.skipped()).isEqualTo(6);
        assertThat(fold.summaries()).isEmpty();
        fold.message(message("c1", 1, "ok"));
        assertThat(fold.skipped()).isEqualTo(6);
        assertThat(fold.summaries()).containsOnlyKeys("c1");
    }

    private static Message message(String c, long seq, String body) {
        return new Message(c, seq, "m" + seq, "u1", seq % 2 == 0 ? null : "k" + seq, body, AT.plusSeconds(seq));
    }

    private static ConversationMembers members(String c, long version, String... users) {
        return new ConversationMembers(c, "group", "t" + version, List.of(users), version, AT);
    }

    private static String digestOf(Message... messages) {
        MessageRows.History h = new MessageRows.History();
        for (Message m : messages) {
            h.add(m.seq(), MessageRows.digest(m));
        }
        return h.hex();
    }
}
