package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * {@code topology.group-protocol=streams} on the real broker: the instance writes its session timeout,
 * heartbeat and standby replicas to its streams group before it joins, joins as a streams group
 * member and sequences a send; a group config the broker refuses stops the start with the broker's
 * reason instead of leaving the group on defaults nobody chose.
 */
class StreamsProtocolIT {
    static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void theInstanceSetsItsGroupConfigsJoinsAsAStreamsGroupAndSequences() throws Exception {
        TestInfra infra = RealInfra.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String app = "it-streams-" + run;
        String node = "node-" + run;
        Path work = Path.of("target", app).toAbsolutePath();
        try (KafkaIO io = new KafkaIO(infra.kafkaBootstrap());
             TopologyProcess topology = new TopologyProcess("streams", env(infra, app, work, "4s", "1"), work);
             Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            Duration ready = topology.start(WAIT);

            Config group = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.GROUP, app)))
                    .all().get().values().iterator().next();
            for (Map.Entry<String, String> e : Map.of("streams.session.timeout.ms", "4000",
                    "streams.heartbeat.interval.ms", "1333", "streams.num.standby.replicas", "1").entrySet()) {
                ConfigEntry entry = group.get(e.getKey());
                assertThat(entry.value()).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(entry.source()).as(e.getKey()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
            }
            // One instance: one member per stream thread (topology.stream-threads), all of one process.
            var members = admin.describeStreamsGroups(List.of(app)).all().get().get(app).members();
            assertThat(members).hasSize(TopologyConfig.DEFAULT_STREAM_THREADS);
            assertThat(members.stream().map(m -> m.processId()).distinct()).hasSize(1);

            String user = "u-" + run;
            String conversation = "c-" + run;
            io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
            io.command(new SendCommand(user, conversation, "m1", UUID.randomUUID().toString(), "hello",
                    new Origin(node, "s1"), Instant.now()));
            io.flush();
            Reply reply = await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> io.answersOf(node), l -> !l.isEmpty())
                    .getFirst();
            assertThat(reply.frame()).isInstanceOfSatisfying(AckFrame.class, ack -> assertThat(ack.seq()).isEqualTo(1));
            ItReport.line("streams protocol: READY after " + ItReport.ms(ready) + ", group configs set, send acked");
        }
    }

    @Test
    void aGroupConfigTheBrokerRefusesStopsTheStartWithItsReason() throws Exception {
        TestInfra infra = RealInfra.get();
        String app = "it-streams-refused-" + UUID.randomUUID().toString().substring(0, 8);
        Path work = Path.of("target", app).toAbsolutePath();
        // Kafka's group.streams.max.standby.replicas is 2.
        try (TopologyProcess topology = new TopologyProcess("refused", env(infra, app, work, "3s", "3"), work)) {
            assertThatThrownBy(() -> topology.start(WAIT)).hasMessageContaining("exited with 2 before READY");
        }
        assertThat(Files.readString(work.resolve("refused.log")))
                .contains("FATAL topology: cannot start Kafka Streams")
                .contains("the broker refused the streams group configs")
                .contains("streams.num.standby.replicas");
    }

    private static Map<String, String> env(TestInfra infra, String app, Path work, String session, String standbys) {
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("PARLEY_TOPOLOGY_APPLICATION_ID", app);
        env.put("PARLEY_TOPOLOGY_STATE_DIR", work.resolve("state").toString());
        env.put("PARLEY_TOPOLOGY_GROUP_PROTOCOL", "streams");
        env.put("PARLEY_TOPOLOGY_SESSION_TIMEOUT", session);
        env.put("PARLEY_TOPOLOGY_STANDBY_REPLICAS", standbys);
        return env;
    }
}
