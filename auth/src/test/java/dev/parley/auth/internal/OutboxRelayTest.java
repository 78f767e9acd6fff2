package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.auth.MembershipPublisher;
import dev.parley.auth.StorageException;
import dev.parley.auth.internal.memory.InMemoryConversations;
import dev.parley.auth.internal.memory.InMemoryUserRepository;
import dev.parley.common.event.ConversationMembers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {
    private final InMemoryConversations outbox = new InMemoryConversations(new InMemoryUserRepository());
    private final FakePublisher publisher = new FakePublisher();

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
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 2, Duration.ofMillis(100));
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
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 10, Duration.ofMillis(100));
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
        OutboxRelay relay = new OutboxRelay(outbox, publisher, OutboxRelay.Wakeup.sleep(), 10, Duration.ofMillis(10));
        relay.start();
        try {
            change("c1", "a");
            assertThat(publisher.published.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            relay.close();
        }
        assertThat(versions(publisher.sent)).containsExactly(1L);
    }
}
