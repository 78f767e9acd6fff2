package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Origin;
import dev.parley.common.frame.TypingFrame;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanoutTest {
    static final TypingFrame FRAME = new TypingFrame("c", "u");

    static List<String> users(int n) {
        return IntStream.range(0, n).mapToObj(i -> "u" + i).toList();
    }

    @Test
    void chunksHoldAtMostTheLimitInOrder() {
        List<Delivery> d = Fanout.chunks("c", users(2001), FRAME);
        assertThat(d).extracting(x -> x.recipients().size()).containsExactly(1000, 1000, 1);
        assertThat(d.get(1).recipients().getFirst()).isEqualTo("u1000");
        assertThat(d).allSatisfy(x -> assertThat(x.frame()).isEqualTo(FRAME));
    }

    @Test
    void exactMultiplesAndEmptyLists() {
        assertThat(Fanout.chunks("c", users(1000), FRAME)).hasSize(1);
        assertThat(Fanout.chunks("c", List.of(), FRAME)).isEmpty();
    }

    @Test
    void theAckRidesOnTheOneChunkThatListsTheSender() {
        Origin origin = new Origin("edge-1", "s-1");
        List<Delivery> d = Fanout.chunks("c", users(2500), FRAME, "u1500", origin);
        assertThat(d).extracting(Delivery::ackTo).containsExactly(null, origin, null);

        List<String> twice = new java.util.ArrayList<>(users(1000));
        twice.add("u3"); // a sender listed twice (in two chunks) is acked once, in the first
        assertThat(Fanout.chunks("c", twice, FRAME, "u3", origin)).extracting(Delivery::ackTo)
                .containsExactly(origin, null);
        assertThat(Fanout.chunks("c", users(10), FRAME, "stranger", origin)).extracting(Delivery::ackTo)
                .containsOnlyNulls();
    }

    @Test
    void othersExcludesOnlyTheUser() {
        assertThat(Fanout.othersThan(List.of("a", "b", "c"), "b")).containsExactly("a", "c");
        assertThat(Fanout.othersThan(List.of("a"), "a")).isEmpty();
    }
}
