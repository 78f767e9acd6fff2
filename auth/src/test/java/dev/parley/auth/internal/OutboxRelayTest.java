package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.auth.MembershipPublisher;
import dev.parley.auth.Outbox;
import dev.parley.auth.StorageException;
import dev.parley.auth.internal.memory.InMemoryConversations;
import dev.parley.auth.internal.memory.InMemoryUserRepository;
import dev.parley.common.event.ConversationMembers;
import dev.parley.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {
    private final InMemoryConversations outbox = new InMemoryConversations(new InMemoryUserRepository());
    private final FakePublisher publisher = new FakePublisher();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OutboxMeters meters = new OutboxMeters(outbox, registry, clock);

    /** Records what was sent; fails on demand after sending some of a batch. */
    static final class FakePublisher implements MembershipPublisher {
        final List<ConversationMembers> sent = new ArrayList<>();
        volatile int failAfter = -1;
        final CountDownLatch published = new CountDownLatch(1);

        @Override
        public synchronized void publish(List<ConversationMembers> snapshots) {
            for (int i = 0; i < snapshots.size(); i++) {
                if (i == failAfter) {
                    throw new StorageException("broker down", null);
                }
                sent.add(snapshots.get(i));
            }
            published.countDown();
        }
    }

    private void change(String conversationId, String... members) {
        outbox.inTransaction(tx -> tx.appendOutbox(new ConversationMembers(conversationId, "group", "t",
                List.of(members), 0, Instant.parse("2030-01-01T00:00:00Z"))));
    }

    private static List<Long> versions(List<ConversationMembers> l) {
        return l.stream().map(ConversationMembers::version).toList();
    }

    @Test
    void publishesEveryEntryInIdOrderInBatches() {
        change("c1", "a");
        change("c2", "b");
        change("c1", "a", "b");
        change("c3", "c");
        change("c1", "a");
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 2, Duration.ofMillis(100), meters);
        assertThat(relay.drain()).isEqualTo(5);
        assertThat(versions(publisher.sent)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(publisher.sent.get(2).members()).containsExactly("a", "b");
        assertThat(outbox.pendingCount()).isZero();
        assertThat(relay.drain()).isZero();
    }

    @Test
    void aFailedSendLeavesTheBatchPendingAndItIsSentAgain() {
        change("c1", "a");
        change("c1", "a", "b");
        change("c1", "b");
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 10, Duration.ofMillis(100), meters);
        publisher.failAfter = 1;
        assertThatThrownBy(relay::drain).isInstanceOf(StorageException.class);
        assertThat(outbox.pendingCount()).isEqualTo(3);

        publisher.failAfter = -1;
        assertThat(relay.drain()).isEqualTo(3);
        // at least once: the first entry went out twice, and the last one sent is the newest
        assertThat(versions(publisher.sent)).containsExactly(1L, 1L, 2L, 3L);
        assertThat(outbox.pendingCount()).isZero();
    }

    @Test
    void aRolledBackChangeLeavesNoOutboxEntry() {
        assertThatThrownBy(() -> outbox.inTransaction(tx -> {
            tx.appendOutbox(new ConversationMembers("c1", "group", "t", List.of("a"), 0, Instant.EPOCH));
            throw new IllegalStateException("rule broken after the write");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(outbox.outboxEntries()).isEmpty();
    }

    @Test
    void theStartedRelayPublishesInTheBackground() throws Exception {
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 10, Duration.ofMillis(10), meters);
        relay.start();
        try {
            change("c1", "a");
            assertThat(publisher.published.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            relay.close();
        }
        assertThat(versions(publisher.sent)).containsExactly(1L);
    }

    private double relayed() {
        return registry.get("parley.auth.outbox.relayed").counter().count();
    }

    private double backlog() {
        return registry.get("parley.auth.outbox.backlog").gauge().value();
    }

    private double oldestAge() {
        return registry.get("parley.auth.outbox.oldest.age").gauge().value();
    }

    @Test
    void relayedCountsEveryEntryKafkaAcknowledgedAndRetriesCountAgain() {
        change("c1", "a");
        change("c1", "a", "b");
        change("c2", "b");
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 2, Duration.ofMillis(100),
                meters);
        publisher.failAfter = 1;
        assertThatThrownBy(relay::drain).isInstanceOf(StorageException.class);
        assertThat(relayed()).isZero();
        publisher.failAfter = -1;
        assertThat(relay.drain()).isEqualTo(3);
        assertThat(relayed()).isEqualTo(3);
    }

    @Test
    void backlogGaugesShowWhatWaitsAndHowOldTheOldestIs() {
        assertThat(backlog()).isZero();
        assertThat(oldestAge()).isZero();
        change("c1", "a"); // appended at 00:00:00 (the snapshot's changedAt)
        change("c2", "b");
        clock.advance(Duration.ofSeconds(7));
        meters.measureIfDue();
        assertThat(backlog()).isEqualTo(2);
        assertThat(oldestAge()).isEqualTo(7.0);
        // between readings the age follows the clock: a stuck relay shows a rising age
        clock.advance(Duration.ofSeconds(2));
        assertThat(oldestAge()).isEqualTo(9.0);
        assertThat(registry.scrape()).contains("parley_auth_outbox_backlog 2.0")
                .contains("parley_auth_outbox_oldest_age_seconds 9.0").contains("parley_auth_outbox_relayed_total 0.0");

        new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 10, Duration.ofMillis(100), meters).drain();
        meters.measureIfDue(); // 2 s after the last reading: not due, nothing read
        assertThat(backlog()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(3));
        meters.measureIfDue();
        assertThat(backlog()).isZero();
        assertThat(oldestAge()).isZero();
    }

    @Test
    void anUnreadableOutboxKeepsTheLastReading() {
        change("c1", "a");
        clock.advance(Duration.ofSeconds(1));
        OutboxMeters failing = new OutboxMeters(new Outbox() {
            private boolean down;

            @Override
            public int publishPending(int limit, Consumer<List<ConversationMembers>> publish) {
                return 0;
            }

            @Override
            public Backlog backlog() {
                if (down) {
                    throw new StorageException("database down", null);
                }
                down = true;
                return outbox.backlog();
            }
        }, new SimpleMeterRegistry(), clock);
        failing.measure();
        failing.measure();
        assertThat(failing.oldestAgeSeconds()).isEqualTo(1.0);
    }

    @Test
    void theRelayThreadIsLiveUntilClosed() {
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 10, Duration.ofMillis(10),
                meters);
        assertThat(relay.alive()).isFalse();
        relay.start();
        try {
            assertThat(relay.alive()).isTrue();
        } finally {
            relay.close();
        }
        assertThat(relay.alive()).isFalse();
    }
}
