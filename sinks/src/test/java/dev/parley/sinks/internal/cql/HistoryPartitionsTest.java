package dev.parley.sinks.internal.cql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryPartitionsTest {

    @Test
    void messagesAreGroupedByConversationAndBucketEachInSeqOrder() {
        List<Message> batch = List.of(m("a", 999), m("b", 3), m("a", 1001), m("a", 998), m("a", 1000), m("b", 2));
        Map<HistoryPartitions.Key, List<Message>> parts = HistoryPartitions.of(batch);
        assertThat(parts.keySet()).containsExactly(new HistoryPartitions.Key("a", 0), new HistoryPartitions.Key("b", 0),
                new HistoryPartitions.Key("a", 1));
        assertThat(parts.get(new HistoryPartitions.Key("a", 0))).extracting(Message::seq).containsExactly(998L, 999L);
        assertThat(parts.get(new HistoryPartitions.Key("a", 1))).extracting(Message::seq).containsExactly(1000L, 1001L);
        assertThat(parts.get(new HistoryPartitions.Key("b", 0))).extracting(Message::seq).containsExactly(2L, 3L);
    }

    @Test
    void chunksKeepOrderAndStayUnderTheRowAndByteLimits() {
        List<Message> small = new ArrayList<>();
        for (int s = 1; s <= 250; s++) {
            small.add(m("a", s));
        }
        List<List<Message>> chunks = HistoryPartitions.chunks(small);
        assertThat(chunks).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(chunks.stream().flatMap(List::stream).map(Message::seq).toList())
                .isEqualTo(small.stream().map(Message::seq).toList());

        List<Message> big = List.of(m("a", 1, 4000), m("a", 2, 4000), m("a", 3, 4000), m("a", 4, 10));
        List<List<Message>> bigChunks = HistoryPartitions.chunks(big);
        assertThat(bigChunks).extracting(List::size).containsExactly(2, 2);
        bigChunks.forEach(c -> assertThat(c.stream().mapToLong(x -> 256 + 3L * x.body().length()).sum())
                .isLessThanOrEqualTo(HistoryPartitions.MAX_BYTES));
    }

    @Test
    void aRowLargerThanTheByteLimitStillGetsAChunkOfItsOwn() {
        List<List<Message>> chunks = HistoryPartitions.chunks(List.of(m("a", 1, 20_000), m("a", 2, 1)));
        assertThat(chunks).extracting(List::size).containsExactly(1, 1);
        assertThat(HistoryPartitions.chunks(List.of())).isEmpty();
    }

    private static Message m(String c, long seq) {
        return m(c, seq, 5);
    }

    private static Message m(String c, long seq, int bodyChars) {
        return new Message(c, seq, "m" + seq, "s", "cm" + seq, "x".repeat(bodyChars), Instant.EPOCH);
    }
}
