package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.json.JsonSerde;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipUpdaterTest {
    MockProcessorContext<String, byte[]> context;
    KeyValueStore<String, ConversationMembers> store;
    MembershipUpdater updater;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        store = TestStores.inMemory(context, Names.MEMBERS_STORE, new JsonSerde<>(ConversationMembers.class));
        updater = new MembershipUpdater();
        updater.init(context);
    }

    void pipe(String key, ConversationMembers m) {
        updater.process(TestStores.raw(key, m, 0));
    }

    static ConversationMembers snapshot(long version, String... members) {
        return new ConversationMembers("c", "group", "t", List.of(members), version, Instant.EPOCH);
    }

    @Test
    void keepsTheNewestSnapshotAndIgnoresOlderOnes() {
        pipe("c", snapshot(2, "a", "b"));
        pipe("c", snapshot(1, "a"));
        assertThat(store.get("c").members()).containsExactly("a", "b");
        pipe("c", snapshot(3, "b"));
        assertThat(store.get("c").members()).containsExactly("b");
        pipe("c", snapshot(3, "b", "d")); // same version re-published: applied, it is the same change
        assertThat(store.get("c").version()).isEqualTo(3);
    }

    @Test
    void aTombstoneDeletesTheConversation() {
        pipe("c", snapshot(1, "a"));
        pipe("c", null);
        assertThat(store.get("c")).isNull();
    }

    @Test
    void aMissingKeyFallsBackToTheSnapshotAndNoKeyAtAllIsDeadLettered() {
        pipe(null, snapshot(1, "a"));
        assertThat(store.get("c")).isNotNull();
        context.setCurrentSystemTimeMs(0);
        pipe(null, null);
        assertThat(context.forwarded(Names.MEMBERSHIPS_DEAD_LETTERS)).hasSize(1);
    }

    @Test
    void aSnapshotUnderAnotherKeyOrWithAnInvalidMemberIsDeadLetteredAndTheStoreKept() {
        context.setCurrentSystemTimeMs(0);
        pipe("c", snapshot(1, "a"));
        pipe("d", snapshot(2, "a", "b"));
        pipe("c", snapshot(3, "a", "b\u0000"));
        pipe("c", snapshot(4, "a", "x".repeat(129)));
        assertThat(context.forwarded(Names.MEMBERSHIPS_DEAD_LETTERS)).hasSize(3);
        assertThat(store.get("c").version()).isEqualTo(1);
        assertThat(store.get("d")).isNull();
    }

    @Test
    void undecodableBytesAreDeadLetteredAsTheyWere() {
        context.setCurrentSystemTimeMs(0);
        byte[] poison = {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        updater.process(new Record<>("c".getBytes(java.nio.charset.StandardCharsets.UTF_8), poison, 0L));
        var letter = TestStores.decoded(context.forwarded(Names.MEMBERSHIPS_DEAD_LETTERS).getFirst().record().value(),
                dev.parley.common.event.DeadLetter.class);
        assertThat(java.util.Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(poison);
    }
}
