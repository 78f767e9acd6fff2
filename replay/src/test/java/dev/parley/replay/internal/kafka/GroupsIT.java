package dev.parley.replay.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.infra.RealInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The replay's guard against a live topology and its clean-up of its own groups, on the real broker,
 * for a streams group (the topology under {@code topology.group-protocol=streams}): the broker describes
 * and deletes such a group only as what it is, and calls it "not found" when asked as a consumer group.
 */
class GroupsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aStreamsGroupCountsItsLiveMembersAndIsDeletedOnceEmpty() throws Exception {
        String bootstrap = RealInfra.get().kafkaBootstrap();
        String app = "groups-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             Groups groups = new Groups(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(app + "-in", 1, (short) 1))).all().get();
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(app + "-in").foreach((k, v) -> { });
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
            props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", app).toAbsolutePath().toString());
            props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
            props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
            KafkaStreams streams = new KafkaStreams(builder.build(), props);
            try {
                streams.start();
                until(() -> streams.state() == KafkaStreams.State.RUNNING, "the app is RUNNING");
                assertThat(groups.liveMembers(app)).as("a live streams group").isEqualTo(1);
            } finally {
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }
            until(() -> groups.liveMembers(app) == 0, "the member has left");
            assertThat(listed(admin, app)).as("the group exists until deleted").isTrue();

            groups.deleteGroup(app);
            assertThat(listed(admin, app)).as("deleted").isFalse();
            groups.deleteGroup(app); // a group that does not exist is fine
        }
    }

    private static boolean listed(Admin admin, String group) throws Exception {
        return admin.listGroups().all().get().stream().map(GroupListing::groupId).anyMatch(group::equals);
    }

    private static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(200);
        }
    }
}
