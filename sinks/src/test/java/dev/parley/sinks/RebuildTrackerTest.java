package dev.parley.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How a rebuild decides it reached the end, and how often it reports its positions. */
class RebuildTrackerTest {
    private static final TopicPartition A = new TopicPartition("parley.messages.v1", 0);
    private static final TopicPartition B = new TopicPartition("parley.messages.v1", 1);
    private static final List<Rebuild.Span> SPANS = List.of(new Rebuild.Span(A, 0, 10), new Rebuild.Span(B, 5, 5));

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final List<Map<TopicPartition, Long>> reports = new ArrayList<>();
    private final Rebuild.Tracker tracker = new Rebuild.Tracker(SPANS, new Rebuild.Progress() {
        @Override
        public void started(List<Rebuild.Span> spans) {
        }

        @Override
        public void advanced(Map<TopicPartition, Long> positions) {
            reports.add(Map.copyOf(positions));
        }
    }, clock);

    private void assignAt(long a) {
        consumer.assign(List.of(A, B));
        consumer.seek(A, a);
        consumer.seek(B, 5);
    }

    private boolean pollAt(long a) {
        consumer.seek(A, a);
        return tracker.reached(consumer);
    }

    @Test
    void nothingIsReportedBeforeEveryPartitionIsAssigned() {
        consumer.assign(List.of(A));
        consumer.seek(A, 0);

        assertThat(tracker.reached(consumer)).isFalse();
        assertThat(reports).isEmpty();
    }

    @Test
    void everyPollIsReportedUntilThePositionsMoveThenAtMostOncePerInterval() {
        assignAt(0);
        assertThat(pollAt(0)).isFalse();
        assertThat(pollAt(0)).isFalse();
        assertThat(pollAt(3)).isFalse(); // the first move: at once, however soon
        assertThat(reports).containsExactly(Map.of(A, 0L, B, 5L), Map.of(A, 0L, B, 5L), Map.of(A, 3L, B, 5L));

        assertThat(pollAt(4)).isFalse();
        clock.advance(Rebuild.PROGRESS_INTERVAL.minusMillis(1));
        assertThat(pollAt(5)).isFalse();
        assertThat(reports).hasSize(3);
        clock.advance(Duration.ofMillis(1));
        assertThat(pollAt(6)).isFalse();
        assertThat(reports).hasSize(4).last().isEqualTo(Map.of(A, 6L, B, 5L));
    }

    @Test
    void reachingTheEndIsReportedAtOnceWithTheFinalPositions() {
        assignAt(0);
        pollAt(3);
        pollAt(7);

        assertThat(pollAt(10)).isTrue();
        assertThat(tracker.reachedEnd()).isTrue();
        tracker.finish();
        assertThat(reports).containsExactly(Map.of(A, 3L, B, 5L), Map.of(A, 10L, B, 5L));
    }

    @Test
    void aRunStoppedBetweenReportsReportsItsLastPositionsWhenItFinishes() {
        assignAt(0);
        pollAt(3);
        pollAt(7);
        assertThat(reports).hasSize(1);

        tracker.finish();
        assertThat(tracker.reachedEnd()).isFalse();
        assertThat(reports).containsExactly(Map.of(A, 3L, B, 5L), Map.of(A, 7L, B, 5L));
        tracker.finish();
        assertThat(reports).hasSize(2);
    }
}
