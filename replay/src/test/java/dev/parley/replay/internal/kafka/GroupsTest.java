package dev.parley.replay.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class GroupsTest {
    private static final TopicPartition P0 = new TopicPartition("parley.messages.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("parley.messages.v1", 1);

    /** An admin client that answers listOffsets only, remembering what it was asked. */
    private static final class OffsetsAdmin {
        Map<TopicPartition, OffsetSpec> askedSpecs;
        IsolationLevel askedIsolation;
        RuntimeException failure;

        Admin admin() {
            return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("listOffsets") && args.length == 2) {
                            return listOffsets(cast(args[0]), (ListOffsetsOptions) args[1]);
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        throw new UnsupportedOperationException(method.toString());
                    });
        }

        @SuppressWarnings("unchecked")
        private static Map<TopicPartition, OffsetSpec> cast(Object o) {
            return (Map<TopicPartition, OffsetSpec>) o;
        }

        private ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> specs, ListOffsetsOptions options) {
            askedSpecs = new HashMap<>(specs);
            askedIsolation = options.isolationLevel();
            Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> futures = new HashMap<>();
            specs.keySet().forEach(tp -> {
                KafkaFutureImpl<ListOffsetsResultInfo> f = new KafkaFutureImpl<>();
                if (failure != null) {
                    f.completeExceptionally(failure);
                } else {
                    f.complete(new ListOffsetsResultInfo(100L * (tp.partition() + 1), -1, Optional.empty()));
                }
                futures.put(tp, f);
            });
            return new ListOffsetsResult(futures);
        }
    }

    @Test
    void endOffsetsAreTheLatestReadCommitted() {
        OffsetsAdmin fake = new OffsetsAdmin();
        try (Groups groups = new Groups(fake.admin())) {
            assertThat(groups.endOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 100L, P1, 200L));
        }
        assertThat(fake.askedSpecs).containsOnlyKeys(P0, P1);
        assertThat(fake.askedSpecs.values()).allSatisfy(s -> assertThat(s).isInstanceOf(OffsetSpec.LatestSpec.class));
        assertThat(fake.askedIsolation).isEqualTo(IsolationLevel.READ_COMMITTED);
    }

    @Test
    void beginningOffsetsAreTheEarliestWithTheAdminDefaultIsolation() {
        OffsetsAdmin fake = new OffsetsAdmin();
        try (Groups groups = new Groups(fake.admin())) {
            assertThat(groups.beginningOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 100L, P1, 200L));
        }
        assertThat(fake.askedSpecs).containsOnlyKeys(P0, P1);
        assertThat(fake.askedSpecs.values()).allSatisfy(s -> assertThat(s).isInstanceOf(OffsetSpec.EarliestSpec.class));
        assertThat(fake.askedIsolation).isEqualTo(new ListOffsetsOptions().isolationLevel());
    }

    @Test
    void aFailureNamesTheCall() {
        OffsetsAdmin fake = new OffsetsAdmin();
        fake.failure = new UnknownTopicOrPartitionException("no such partition");
        try (Groups groups = new Groups(fake.admin())) {
            assertThatThrownBy(() -> groups.endOffsets(List.of(P0)))
                    .isInstanceOf(IllegalStateException.class).hasMessage("cannot list end offsets: no such partition");
            assertThatThrownBy(() -> groups.beginningOffsets(List.of(P0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot list beginning offsets: no such partition");
        }
    }
}
